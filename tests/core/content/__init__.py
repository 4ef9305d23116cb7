"""Tests of the content store (tgbot/content) and of the shipped content/ folder."""
