"""Where cached pages live: Redis when PORTAL_REDIS_URL is set, else this process's memory."""
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from portal.caching import generation


@dataclass
class CachedPage:
    locale: str  # the language it was rendered in (the API's ?lang= included)
    headers: list[tuple[str, str]]
    body: bytes

    def dumps(self) -> bytes:
        return json.dumps([self.locale, self.headers]).encode() + b"\n" + self.body

    @classmethod
    def loads(cls, raw: bytes) -> "CachedPage":
        head, _newline, body = raw.partition(b"\n")
        locale, headers = json.loads(head)
        return cls(locale, [tuple(pair) for pair in headers], body)


class MemoryStore:
    """A bounded least-recently-used map; entries expire after ``seconds``."""

    def __init__(self, seconds: int, max_entries: int = 2000):
        self.seconds = seconds
        self.max_entries = max_entries
        self.entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def generation(self, session) -> str | None:
        return generation.current(session)

    def get(self, key: str) -> CachedPage | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self.entries.move_to_end(key)
        return CachedPage.loads(found[1])

    def set(self, key: str, page: CachedPage) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + self.seconds, page.dumps())
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


class RedisStore:
    """Shared by every web process and machine; Redis expires the entries.

    Redis also keeps a copy of the generation token, so that a page served from the cache
    needs no database round trip. Each commit that writes sets the copy before its response
    leaves; the copy expires after ``TOKEN_SECONDS``, which bounds how long a copy left stale
    (by a writer that could not reach Redis) can last. A reader that finds no copy reads the
    database and sets the copy only if nobody has meanwhile.
    """

    TOKEN_KEY = "portal:generation"
    TOKEN_SECONDS = 5

    def __init__(self, url: str, seconds: int):
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=1)
        self.seconds = seconds

    def generation(self, session) -> str | None:
        from redis import RedisError

        try:
            copy = self.redis.get(self.TOKEN_KEY)
        except RedisError:
            return generation.current(session)
        if copy is not None:
            return copy.decode()
        token = generation.current(session)
        if token is not None:
            self._set_token(token, only_if_absent=True)
        return token

    def generation_changed(self, token: str) -> None:
        self._set_token(token, only_if_absent=False)

    def _set_token(self, token: str, only_if_absent: bool) -> None:
        from redis import RedisError

        try:
            self.redis.set(self.TOKEN_KEY, token, ex=self.TOKEN_SECONDS, nx=only_if_absent)
        except RedisError:
            pass

    def get(self, key: str) -> CachedPage | None:
        from redis import RedisError

        try:
            raw = self.redis.get(f"portal:page:{key}")
        except RedisError:
            return None  # an unreachable cache only makes pages slower
        return CachedPage.loads(raw) if raw else None

    def set(self, key: str, page: CachedPage) -> None:
        from redis import RedisError

        try:
            self.redis.set(f"portal:page:{key}", page.dumps(), ex=self.seconds)
        except RedisError:
            pass
