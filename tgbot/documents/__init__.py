"""Documents the bot makes for a user, in memory only: the diary chart (PNG) and the doctor's
summary (PDF). Pure computation on what they are given: no telegram, no database."""
