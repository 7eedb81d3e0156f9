"""Dates as a page writes them, made ISO 8601 when they parse unambiguously (`normalize_date`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import regex

_MONTHS = {m: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for m in names}
MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"
TIME = r"(?P<H>\d{1,2})(?:[:.](?P<M>\d{2}))(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?\s?m\.?)?" \
        r"|(?P<H2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\.?)"
TZ = r"(?P<tz>z|utc|gmt|[+-]\d{2}(?::?\d{2})?|(?:utc|gmt)\s*[+-]\d{1,2}(?::?\d{2})?|[a-z]{2,5})"
_YMD = r"(?P<y>\d{4})\s*(?:[-/.]\s*|年)(?P<m>\d{1,2})\s*(?:[-/.]\s*|月)(?P<d>\d{1,2})\s*(?:日|\.)?"
_MDY = rf"{MONTH}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
_DMY = r"(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon3>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|" \
       r"may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?P<y3>\d{4})"
_CJK_WEEKDAY = (r"\s*[(（]\s*(?:[日月火水木金土]|[일월화수목금토])(?:曜日?|요일)?\s*[)）]"
                r"|\s*(?:[日月火水木金土]曜日|[일월화수목금토]요일)")
_DATE_RE = regex.compile(
    rf"(?i)^\s*(?:{WEEKDAY},?\s+)?(?:{_YMD}|{_MDY}|{_DMY})(?:{_CJK_WEEKDAY})?"
    rf"(?:(?:\s*,|\s+at|\s*[-|·@]|\s*T)?\s*(?:{TIME})(?:\s*{TZ})?)?\s*$")
_TIME_FIRST_RE = regex.compile(
    rf"(?i)^\s*(?:{WEEKDAY},?\s+)?(?:{TIME})(?:\s*{TZ})?\s*(?:,|\s+on|\s*[-|·])?\s*(?:{WEEKDAY},?\s+)?"
    rf"(?:{_YMD}|{_MDY}|{_DMY})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
                     r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$", re.IGNORECASE)
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?(Z)?\s*$")
RELATIVE_DATE_RE = regex.compile(
    r"(?i)^\s*(?:(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|year)s?\s+ago|just now|"
    r"yesterday|today|\d+\s*(?:秒|分|時間|日|週間|か月|ヶ月|年|小时|小時|天|周|个月|個月|분|시간|일|주|개월|년)\s*(?:前|전)|"
    r"昨日|今日|昨天|今天|어제|오늘)\s*$")


def normalize_date(text: str) -> str | None:
    """`text` as an ISO 8601 date or date-time, or None when it does not parse unambiguously.

    A time keeps its UTC offset when the text states one (`Z`, `GMT`, `+09:00`); a zone
    written as letters (`ET`, `PST`) gives no offset rather than a guessed one. Numeric
    day-month orders that could be read two ways (`03/04/2019`) do not parse.

    >>> normalize_date("2019-10-14T16:08:00.000Z"), normalize_date("20191014")
    ('2019-10-14T16:08:00+00:00', '2019-10-14')
    >>> normalize_date("Oct. 14, 2019 4:08 PM ET"), normalize_date("Sunday, July 14, 2024")
    ('2019-10-14T16:08:00', '2024-07-14')
    >>> normalize_date("5:06 PM ET, Mon October 14, 2019"), normalize_date("2024年1月5日 10:00")
    ('2019-10-14T17:06:00', '2024-01-05T10:00:00')
    >>> normalize_date("Mon, 14 Oct 2019 16:08:00 +0200"), normalize_date("2025. 2. 14. 21:30")
    ('2019-10-14T16:08:00+02:00', '2025-02-14T21:30:00')
    >>> normalize_date("03/04/2019") is None, normalize_date("3 hours ago") is None
    (True, True)
    """
    if len(text) > 80:
        return None
    iso = _ISO_RE.match(text) or _COMPACT_RE.match(text)
    if iso:
        ys, ms, ds, hh, mi, ss, tz = iso.groups()
        return _iso(int(ys), int(ms), int(ds), hh, mi, ss, None, tz)
    m = _DATE_RE.match(text) or _TIME_FIRST_RE.match(text)
    if m is None:
        return _rfc2822(text)
    g = m.groupdict()
    if g["y"]:
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g["y2"]:
        y, mo, d = int(g["y2"]), _MONTHS[g["mon"].lower().rstrip(".")], int(g["d2"])
    else:
        y, mo, d = int(g["y3"]), _MONTHS[g["mon3"].lower().rstrip(".")], int(g["d3"])
    hour, ampm = g["H"] or g["H2"], g["ampm"] or g["ampm2"]
    return _iso(y, mo, d, hour, g["M"] or ("00" if hour else None), g["S"], ampm, g["tz"])


_RFC2822_RE = regex.compile(rf"(?i)^\s*(?:{WEEKDAY},?\s+)?(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})\s+(\d{{2}}):(\d{{2}})"
                            rf"(?::(\d{{2}}))?\s*{TZ}?\s*$")


def _rfc2822(text: str) -> str | None:
    """`Mon, 14 Oct 2019 16:08:00 GMT`, as feeds and HTTP headers write dates."""
    m = _RFC2822_RE.match(text)
    if m is None:
        return None
    return _iso(int(m.group(3)), _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group(1)), m.group(4),
                m.group(5), m.group(6), None, m.group("tz"))


def _iso(y: int, mo: int, d: int, hh: str | None, mi: str | None, ss: str | None, ampm: str | None,
         tz: str | None) -> str | None:
    try:
        day = date(y, mo, d)
        if hh is None:
            return day.isoformat()
        hour = int(hh)
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        when = datetime(y, mo, d, hour, int(mi or 0), int(ss or 0), tzinfo=_offset(tz))
    except ValueError:
        return None
    return when.isoformat()


def _offset(tz: str | None) -> timezone | None:
    """The UTC offset a zone states (`Z`, `GMT`, `+0900`, `UTC+9`), or None for none or letters."""
    if not tz:
        return None
    t = tz.upper().replace(" ", "")
    if t in ("Z", "UTC", "GMT"):
        return UTC
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", t)
    if m is None:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        raise ValueError(tz)
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def is_date_text(text: str) -> bool:
    """Whether a text is only a date: one `normalize_date` reads, or a relative one.

    >>> is_date_text("Published"), is_date_text("2 hours ago"), is_date_text("July 14, 2024")
    (False, True, True)
    """
    return normalize_date(text) is not None or RELATIVE_DATE_RE.match(text) is not None
