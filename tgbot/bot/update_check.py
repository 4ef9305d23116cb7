"""Fields of the wrong type inside an update: caught before any handler sees them.

A correctly signed update is still parsed by PTB without checking types, so ``chat.id`` "abc",
an integer ``text`` or a message without ``from`` would reach the handlers and fail there
(AttributeError, TypeError, a database constraint). Telegram never sends such updates; one that
has them is dropped with one WARNING line that names the field, never its value.
"""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User

_MESSAGE_KINDS = ("message", "edited_message")


def malformed_field(update: Update) -> str | None:
    """The first field whose type is wrong (e.g. ``message.chat.id``), or None."""
    if not _is_int(_field(update, "update_id")):
        return "update_id"
    for kind in _MESSAGE_KINDS:
        message = getattr(update, kind)
        if message is not None:
            return _message_problem(message, kind, needs_sender=True)
    query = update.callback_query
    if query is not None:
        return _query_problem(query)
    member = update.my_chat_member
    if member is not None:
        return _chat_problem(member.chat, "my_chat_member.chat") or _user_problem(
            member.from_user, "my_chat_member.from"
        )
    return None


def _query_problem(query: CallbackQuery) -> str | None:
    if not isinstance(_field(query, "id"), str):
        return "callback_query.id"
    if not isinstance(_field(query, "data"), str | None):
        return "callback_query.data"
    problem = _user_problem(query.from_user, "callback_query.from")
    if problem is None and isinstance(query.message, Message):
        problem = _message_problem(query.message, "callback_query.message", needs_sender=False)
    return problem


def _message_problem(message: Message, where: str, *, needs_sender: bool) -> str | None:
    if not _is_int(_field(message, "message_id")):
        return f"{where}.message_id"
    problem = _chat_problem(message.chat, f"{where}.chat")
    if problem is not None:
        return problem
    for field in ("text", "caption"):
        if not isinstance(_field(message, field), str | None):
            return f"{where}.{field}"
    if needs_sender and message.chat.type != Chat.CHANNEL:
        return _user_problem(message.from_user, f"{where}.from")
    return None


def _chat_problem(chat: object, where: str) -> str | None:
    if not isinstance(chat, Chat):
        return where
    if not _is_int(chat.id):
        return f"{where}.id"
    if not isinstance(_field(chat, "type"), str):
        return f"{where}.type"
    return None


def _user_problem(user: object, where: str) -> str | None:
    if not isinstance(user, User):
        return where
    if not _is_int(user.id):
        return f"{where}.id"
    if not isinstance(_field(user, "language_code"), str | None):
        return f"{where}.language_code"
    if not isinstance(_field(user, "first_name"), str):
        return f"{where}.first_name"
    return None


def _field(obj: object, name: str) -> object:
    """A field as PTB stored it: whatever type the sender gave, whatever PTB's hints say."""
    value: object = getattr(obj, name)
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
