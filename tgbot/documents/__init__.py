"""Documents the bot makes for a user, in memory only: the diary chart (PNG) and the doctor's
page (PDF). Made in a child process (process.py asks, worker.py makes), from plain data
(jobs.py): no telegram, no database, and none of their libraries in the bot's own process."""
