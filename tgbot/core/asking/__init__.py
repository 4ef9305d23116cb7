"""Reading what a typed question asks (not only what it is about): worry, a feared condition,
what the writer wants to know (what helps, when to see a doctor, causes, medicines), how long
it has gone on, and a cause they rule out. The words are content (content/asking/); they are
found with the safety net's word-form machinery. Pure: no Telegram, no storage."""

from tgbot.core.asking.reading import Asking, Heard, load_asking
from tgbot.core.asking.routing import Route, RouteKind, route_message

__all__ = ["Asking", "Heard", "Route", "RouteKind", "load_asking", "route_message"]
