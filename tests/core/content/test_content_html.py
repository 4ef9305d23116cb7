"""Telegram's HTML parse mode, checked before anything is sent."""

from __future__ import annotations

import pytest

from tgbot.core.content import html_problems, plain_text


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "<b>bold</b>, <i>italic</i>, <u>under</u>, <s>struck</s>",
        '<a href="https://www.nhs.uk/conditions/leg-cramps/">NHS</a>',
        "<code>x</code> <pre>y</pre> <blockquote>z</blockquote> <tg-spoiler>w</tg-spoiler>",
        "<b>outer <i>inner</i></b>",
        "5 &lt; 10 &amp;&amp; 10 &gt; 5, &quot;quoted&quot;, &#39;",
        "🚨 emoji and\n\nnew lines",
    ],
)
def test_valid_telegram_html(text: str) -> None:
    assert html_problems(text) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>open", "<b> is never closed"),
        ("close</b>", "</b> does not match: expected no closing tag"),
        ("<b><i>x</b></i>", "</b> does not match: expected </i>"),
        ("<p>para</p>", "tag <p> is not allowed by Telegram"),
        ("line<br/>break", "self-closing tag <br/> is not allowed by Telegram"),
        ("<b class='x'>y</b>", "<b> takes no attributes"),
        ("<a>no link</a>", '<a> needs exactly one attribute, href="..."'),
        (
            '<a href="javascript:alert(1)">x</a>',
            "link 'javascript:alert(1)' must start with https://, http:// or tg://",
        ),
        ("fish & chips", "write &amp; instead of a bare '&'"),
        ("A&B", "write &amp; instead of a bare '&'"),
        ("1 < 2", "write &lt; instead of a bare '<'"),
        ("2 > 1", "write &gt; instead of a bare '>'"),
        ("a&nbsp;b", "entity &nbsp; is not supported by Telegram"),
        ("<!-- note -->", "HTML comments are not allowed"),
    ],
)
def test_invalid_telegram_html(text: str, problem: str) -> None:
    assert problem in html_problems(text)


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert plain_text('<b>Stop</b> &amp; <a href="https://x.org">stretch</a>') == "Stop & stretch"
