"""Generate a deterministic synthetic archive in the corpus format.

Takes a number of articles and a seed; writes ``YYYY/YYYY-MM-DD/NN.txt`` pages
of issues spread over the years, eight pages an issue, several articles a page,
in the paper's conventions: headlines, organisation lines, 本报讯 openings,
bylines in parentheses, photo credits, column labels, and OCR-style lines
broken mid-word. The vocabulary is a long tail drawn from jieba's own
dictionary by frequency (not the sample pages repeated), with the field's
terms, all 16 cities and their county-level divisions, and every union level.

    python -m bench.generate --articles 10000 --out /tmp/archive
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import random
import re
from importlib import resources
from pathlib import Path

import jieba

from indexer.storage.schema import CITIES

PAGES_PER_ISSUE = 8
FIRST_YEAR, LAST_YEAR = 1995, 2024
HAN = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
KEEP_POS = {"n", "v", "vn", "a", "ad", "d", "l", "i", "nz", "ns", "nt", "an", "t"}

FIELD_TERMS = ["劳模", "劳动模范", "总工会", "职工之家", "模范职工之家", "新就业形态", "货车司机", "江淮工匠",
               "劳模创新工作室", "五一劳动奖章", "工人先锋号", "产业工人队伍建设改革", "集体协商", "困难职工",
               "金秋助学", "送温暖", "普惠服务", "工会联合会", "农民工", "劳动竞赛", "技能竞赛", "女职工",
               "户外劳动者", "爱心驿站", "非公企业", "工资集体协商", "职工书屋", "安康杯", "网上入会"]
LEVEL_ORGS = {
    "全国": ["全国总工会", "全总"],
    "省级": ["省总工会", "安徽省总工会", "省教科文卫工会"],
    "市级": ["{city}市总工会"],
    "县区级": ["{county}总工会"],
    "乡镇街道": ["{county}{town}镇工会", "{county}{town}街道工会", "{town}社区工会"],
    "企业": ["{city}{firm}有限公司工会", "{firm}集团工会", "{city}市第一人民医院工会"],
}
COLUMNS = ["跟着劳模去创新", "基层 短播", "工会干部 传真", "职工风采", "维权在线", "劳动保护"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国红梅海波宁宇东峰晨晓雪琳"


def _vocabulary() -> tuple[list[str], list[float]]:
    words, cum, total = [], [], 0.0
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, pos = line.split()
            if pos in KEEP_POS and HAN.match(word) and int(freq) >= 3:
                total += int(freq) ** 1.0  # Zipf by jieba's corpus frequencies
                words.append(word)
                cum.append(total)
    return words, cum


def _divisions() -> list[tuple[str, str]]:
    """Return (county-level name, city) pairs from the project's divisions table."""
    try:
        with resources.files("indexer.data").joinpath("anhui_divisions.csv").open(encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r.get("type") not in ("city", "former", "zone")]
        return [(r["name"], r["city"]) for r in rows]
    except FileNotFoundError:
        return [(c + "区", c) for c in CITIES]


class Writer:
    """Compose articles and pages from a seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words, self.cum = _vocabulary()
        self.divisions = _divisions()
        self.by_city = {c: [n for n, cc in self.divisions if cc == c] or [c + "区"] for c in CITIES}
        self.topic: list[str] = []

    TOPIC_SHARE = 0.45  # news repeats its own key terms: calibrated so that distinct
    # character pairs per character match the real sample pages (about 0.47 at 28k characters)

    def word(self) -> str:
        if self.topic and self.rng.random() < self.TOPIC_SHARE:
            return self.rng.choice(self.topic)
        return self.any_word()

    def any_word(self) -> str:
        return self.words[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def clause(self, city: str, county: str, org: str) -> str:
        r = self.rng
        parts = [self.word() for _ in range(r.randint(3, 9))]
        roll = r.random()
        if roll < 0.25:
            parts.insert(r.randrange(len(parts)), r.choice(FIELD_TERMS))
        elif roll < 0.35:
            parts.insert(0, org)
        elif roll < 0.42:
            parts.insert(r.randrange(len(parts)), r.choice([city + "市", county, city]))
        elif roll < 0.50:
            parts.append(f"{r.randint(2, 980)}{r.choice(['名职工', '余人', '万元', '家企业', '场次'])}")
        elif roll < 0.55:
            parts.insert(0, f"{r.randint(1, 12)}月{r.randint(1, 28)}日")
        return "".join(parts)

    def paragraph(self, city: str, county: str, org: str) -> str:
        r = self.rng
        sentences = []
        for _ in range(r.randint(1, 4)):
            clauses = [self.clause(city, county, org) for _ in range(r.randint(1, 4))]
            sentences.append("，".join(clauses) + r.choice("。。。。！"))
        return "".join(sentences)

    def article(self) -> list[str]:
        """Return the printed lines of one article."""
        r = self.rng
        self.topic = [self.any_word() for _ in range(r.randint(6, 12))] + [self.name()]
        city = r.choice(CITIES)
        county = r.choice(self.by_city[city])
        level = r.choice(list(LEVEL_ORGS))
        org = r.choice(LEVEL_ORGS[level]).format(city=city, county=county,
                                                  town=self.word()[:2], firm=self.word())
        headline = "".join(self.word() for _ in range(r.randint(2, 4)))
        lines: list[str] = []
        kind = r.random()
        if kind < 0.45:  # news brief with an organisation line
            lines += [org, headline]
            body = [f"本报讯 {self.paragraph(city, county, org)}"]
            body += [self.paragraph(city, county, org) for _ in range(r.randint(0, 3))]
        elif kind < 0.75:  # city-prefixed brief
            lines.append(f"{city}：{headline}")
            body = [f"本报讯 {r.randint(1, 12)}月{r.randint(1, 28)}日，{org}{self.paragraph(city, county, org)}"]
            body += [self.paragraph(city, county, org) for _ in range(r.randint(1, 4))]
        else:  # feature with a subtitle and subheads
            lines += [headline, f"——{org}{self.word()}{self.word()}工作综述"]
            body = []
            for _ in range(r.randint(2, 4)):
                body.append(f"{self.word()}{self.word()}，{self.word()}{self.word()}")
                body += [self.paragraph(city, county, org) for _ in range(r.randint(2, 4))]
        body[-1] += f"({self.name()} {r.choice(['', '本报记者 ', '通讯员 '])}{self.name()})"
        if r.random() < 0.08:
            body.append(f"{self.paragraph(city, county, org)}{self.name()}/摄")
        return lines + body

    def page(self, articles: int) -> str:
        """Return one page: column labels, articles, OCR-style broken lines."""
        r = self.rng
        out: list[str] = []
        for _ in range(articles):
            if r.random() < 0.1:
                out.append(r.choice(COLUMNS))
            for line in self.article():
                if len(line) > 40 and r.random() < 0.15:  # a line broken mid-word by layout
                    cut = r.randrange(10, len(line) - 5)
                    out += [line[:cut], line[cut:]]
                else:
                    out.append(line)
        return "\n\n".join(out) + "\n"


def issue_dates(count: int, seed: int) -> list[dt.date]:
    """Return count distinct issue dates spread over FIRST_YEAR..LAST_YEAR."""
    start, end = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    span = (end - start).days
    step = span / max(1, count)
    return [start + dt.timedelta(days=int(i * step)) for i in range(count)]


def generate(articles: int, out: Path, seed: int = 20211112) -> dict:
    """Write a synthetic archive of about `articles` articles; return its shape."""
    writer = Writer(seed)
    per_page = 6
    pages = -(-articles // per_page)
    issues = -(-pages // PAGES_PER_ISSUE)
    written = chars = 0
    pages_written = 0
    for date in issue_dates(issues, seed):
        folder = out / str(date.year) / date.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, PAGES_PER_ISSUE + 1):
            if written >= articles:
                break
            n = min(per_page, articles - written)
            text = writer.page(n)
            (folder / f"{number:02d}.txt").write_text(text, encoding="utf-8")
            written += n
            chars += len(text)
            pages_written += 1
    return {"articles": written, "pages": pages_written, "issues": issues, "chars": chars, "seed": seed}


def new_issue(out: Path, date: dt.date, seed: int) -> int:
    """Write one more 8-page issue dated `date`; return the number of characters written."""
    writer = Writer(seed)
    folder = out / str(date.year) / date.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for number in range(1, PAGES_PER_ISSUE + 1):
        text = writer.page(6)
        (folder / f"{number:02d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20211112)
    args = parser.parse_args()
    print(generate(args.articles, args.out, args.seed))


if __name__ == "__main__":
    main()
