"""The app's views: one module per page type, each with its blueprint.

``search`` (results and facets), ``article``, ``api`` (the JSON twins),
``export`` (CSV and JSON Lines of a whole result set), ``trend`` and ``help``;
``archive`` reaches the live index, ``state`` reads the search parameters of a
request and makes the URLs that change them, ``errors`` turns what a user can
cause into messages.
"""
