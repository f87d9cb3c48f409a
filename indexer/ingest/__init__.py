"""Ingest: page files in, labelled articles out.

Takes a corpus folder (``corpus`` reads and decodes pages, with path dates and
overrides); gives ``Article`` records (``model``). On the way: ``normalize``
joins OCR line breaks, ``lines`` labels each line by a table of rules,
``segment`` cuts a page into article drafts (``boundary`` decides new article
or subhead), ``bylines`` reads bylines and photo credits, ``places``,
``levels`` and ``dates`` find cities, county-level divisions, union levels and
inferred dates, ``metadata`` puts the labels together and ``articles`` gives
each article its stable id; ``explain`` shows, for one page, why. Nothing here
touches the index.
"""
