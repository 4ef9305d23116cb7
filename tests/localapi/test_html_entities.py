import pytest

from tgbot.localapi.html_entities import EntityParseError, command_entities, parse_html


def test_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = parse_html('👋 <b>Hi</b> &amp; <a href="https://x.org/?a=1&amp;b=2">link</a>')
    assert text == "👋 Hi & link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://x.org/?a=1&b=2"},
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", "Unmatched end tag"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("1 < 2", "Unsupported start tag"),
        ("<a>x</a>", "Can't find href attribute"),
    ],
)
def test_invalid_html_is_refused_like_telegram(source: str, problem: str) -> None:
    with pytest.raises(EntityParseError, match=problem):
        parse_html(source)


def test_commands_get_bot_command_entities() -> None:
    assert command_entities("/start twitch") == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert command_entities("/twitch@OtherBot") == [
        {"type": "bot_command", "offset": 0, "length": 16}
    ]
    assert command_entities("and/or") == []
