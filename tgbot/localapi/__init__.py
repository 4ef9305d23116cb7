"""A local stand-in for the Telegram Bot API and a user's side of a chat with the bot."""

from tgbot.localapi.client import BotMessage, Button, ChatSession, Reply
from tgbot.localapi.models import BotCall, Chat, FakeUser, StoredMessage
from tgbot.localapi.server import LocalBotApi

__all__ = [
    "BotCall",
    "BotMessage",
    "Button",
    "Chat",
    "ChatSession",
    "FakeUser",
    "LocalBotApi",
    "Reply",
    "StoredMessage",
]
