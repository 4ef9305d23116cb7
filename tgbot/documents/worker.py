"""The document process: ``python -m tgbot.documents.worker`` (started by process.py).

matplotlib and the PDF library cost the bot ~95 MB and ~2 s on their first use; made here,
in a child process, the bot never imports them. The child loads them and draws a sample chart
and page before it says it is ready, then makes one document per request until its stdin
closes (the bot stopped). Requests and answers are length-prefixed pickles on stdin and
stdout: both ends are this code, never anyone else.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO

from tgbot.documents.jobs import Job, make, sample_jobs

HEADER = struct.Struct(">I")
READY = b"ready"


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return payload


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    for sample in sample_jobs():
        make(sample)  # the imports, the font cache, the first chart's text engine
    write_frame(answers, READY)
    while (frame := read_frame(requests)) is not None:
        job: Job = pickle.loads(frame)
        try:
            answer: tuple[bool, bytes | str] = (True, make(job))
        except Exception as error:  # the bot says "sorry"; the child stays up for the next
            answer = (False, type(error).__name__)
        write_frame(answers, pickle.dumps(answer))


def main() -> None:
    # stdout carries the frames only: anything a library prints goes to stderr (the bot's log).
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
