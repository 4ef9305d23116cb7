"""Tests of the content store (tgbot/core/content) and of the shipped content/ folder."""
