"""twitch-triage-bot: sourced information and emergency-first triage for twitches and cramps."""

__version__ = "0.1.0"
