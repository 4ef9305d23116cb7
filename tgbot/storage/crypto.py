"""Crypto-shredding: a user's personal fields are sealed with AES-GCM under a data key of
their own, and that key is kept in the database only wrapped (sealed in turn) by the
key-encryption key from the environment (DATA_KEY). /forget deletes the user's key row, so
whatever copies of their rows outlive the delete (PostgreSQL's dead tuples and WAL, a
backup) can no longer be read.

AES-GCM from ``cryptography`` (OpenSSL underneath), not a cipher of our own: it also checks
that a value was not changed, and each value is bound to its column and its user (the
associated data), so a value copied into another user's row or another column will not open.
A value is stored as text, ``s1:`` and the URL-safe base64 of nonce + ciphertext, so the
columns keep their types on both engines.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
"""AES-256, for the key-encryption key and every user's data key."""
NONCE_BYTES = 12
SEALED = "s1:"
"""How every sealed value starts (the format's version)."""
KEY_HELP = (
    "must be 32 random bytes in URL-safe base64 (44 characters); make one with:"
    " python -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
)


PSEUDONYM_INFO = b"tgbot pseudonym v1"
"""HKDF's label for the key that turns Telegram ids into pseudonyms: never the key that
wraps the users' keys itself, so neither use can give the other away."""


class SealError(ValueError):
    """A value that does not open: not sealed, sealed under another key, or changed."""


def parse_key(text: str) -> bytes:
    """The 32 bytes of a key written as URL-safe base64; ValueError (never echoing the
    text) when it is not one."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError(KEY_HELP) from None
    if len(key) != KEY_BYTES:
        raise ValueError(KEY_HELP)
    return key


def new_key_text() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def load_or_create_key_file(path: Path) -> bytes:
    """The key kept in ``path``, made (readable by the owner only) when there is none yet:
    the SQLite default needs no setup. Two processes starting together agree on one key."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(new_key_text() + "\n")
    try:
        return parse_key(path.read_text(encoding="ascii"))
    except ValueError:
        raise ValueError(f"key file {path} {KEY_HELP}") from None


def _seal(cipher: AESGCM, plain: bytes, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + cipher.encrypt(nonce, plain, context.encode())
    return SEALED + base64.urlsafe_b64encode(sealed).decode("ascii")


def _open(cipher: AESGCM, value: str, context: str) -> bytes:
    if not value.startswith(SEALED):
        raise SealError("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(value[len(SEALED) :].encode("ascii"))
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (binascii.Error, UnicodeEncodeError, InvalidTag, ValueError):
        raise SealError("the value does not open with this key") from None


class UserKey:
    """One user's data key: seals and opens their fields. Never printed."""

    __slots__ = ("_cipher", "_key", "user_id")

    def __init__(self, user_id: int, key: bytes) -> None:
        self.user_id = user_id
        """The user's pseudonym (tgbot/storage/pseudonyms.py): every value is bound to it."""
        self._key = key
        self._cipher = AESGCM(key)

    def __repr__(self) -> str:
        return f"UserKey(user_id={self.user_id})"

    def seal(self, field: str, value: str) -> str:
        """``value`` sealed for ``field`` (``table.column``) of this user."""
        return _seal(self._cipher, value.encode(), f"{field}:{self.user_id}")

    def open(self, field: str, value: str) -> str:
        return _open(self._cipher, value, f"{field}:{self.user_id}").decode()

    def renamed(self, user_id: int) -> UserKey:
        """The same key, binding what it seals to another id (a user's new pseudonym)."""
        return UserKey(user_id, self._key)


class KeyRing:
    """The key-encryption key: makes, wraps and unwraps the users' data keys."""

    __slots__ = ("_cipher", "_pseudonym_key")

    def __init__(self, key: bytes) -> None:
        self._cipher = AESGCM(key)
        self._pseudonym_key = HKDF(
            algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=PSEUDONYM_INFO
        ).derive(key)

    def __repr__(self) -> str:
        return "KeyRing(...)"

    def new_key(self, user_id: int) -> tuple[UserKey, str]:
        """A fresh data key for the user, and the same key wrapped, to store."""
        key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        return UserKey(user_id, key), _seal(self._cipher, key, f"key:{user_id}")

    def pseudonym(self, telegram_id: int) -> int:
        """The id stored in place of a Telegram user or chat id: HMAC-SHA256 under a key
        derived from this one, cut to a positive 63-bit integer so columns and indexes stay
        integers. Without the key, an id found on disk cannot be traced to a Telegram account."""
        mac = hmac.HMAC(self._pseudonym_key, hashes.SHA256())
        mac.update(telegram_id.to_bytes(8, "big", signed=True))
        return int.from_bytes(mac.finalize()[:8], "big") >> 1 or 1

    def wrap(self, key: UserKey) -> str:
        """A user's key wrapped by this key-encryption key, bound to its pseudonym."""
        return _seal(self._cipher, key._key, f"key:{key.user_id}")

    def unwrap(self, user_id: int, wrapped: str) -> UserKey:
        return UserKey(user_id, _open(self._cipher, wrapped, f"key:{user_id}"))

    def rewrap(self, user_id: int, wrapped: str, into: KeyRing) -> str:
        """The same data key wrapped by another key-encryption key (copy-to-postgres)."""
        key = _open(self._cipher, wrapped, f"key:{user_id}")
        return _seal(into._cipher, key, f"key:{user_id}")
