"""Where cached pages live: Redis when PORTAL_REDIS_URL is set, else this process's memory.

A page is stored under the request's signature (address, language, ...) together with the
data generation token it was rendered under; ``lookup`` returns it only while that token is
still the current one, so no page rendered from older data is ever served.
"""
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from portal.caching import generation

# The page lookup and the reads it counts, in one round trip: the generation token and the
# page (KEYS[1], KEYS[2]), then each rate-limit counter (KEYS[3]...) counted once in its
# fixed window (ARGV: each window's seconds) as the ``limits`` library counts it in Redis
# (its incr_expire.lua): the window starts with the first count.
LOOKUP_AND_COUNT = """
local found = redis.call("mget", KEYS[1], KEYS[2])
for i = 3, #KEYS do
    local count = redis.call("incrby", KEYS[i], 1)
    if count == 1 then
        redis.call("expire", KEYS[i], ARGV[i - 2])
    end
    found[i] = count
end
return found
"""


@dataclass
class CachedPage:
    token: str  # the data generation it was rendered from
    locale: str  # the language it was rendered in (the API's ?lang= included)
    headers: list[tuple[str, str]]
    body: bytes

    def dumps(self) -> bytes:
        return json.dumps([self.token, self.locale, self.headers]).encode() + b"\n" + self.body

    @classmethod
    def loads(cls, raw: bytes) -> "CachedPage":
        head, _newline, body = raw.partition(b"\n")
        token, locale, headers = json.loads(head)
        return cls(token, locale, [tuple(pair) for pair in headers], body)


def _current(page: CachedPage | None, token: str | None) -> CachedPage | None:
    return page if page is not None and token is not None and page.token == token else None


class MemoryStore:
    """A bounded least-recently-used map; entries expire after ``seconds``."""

    def __init__(self, seconds: int, max_entries: int = 2000):
        self.seconds = seconds
        self.max_entries = max_entries
        self.entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def lookup(self, signature: str, session, counters=()) -> tuple[
            str | None, CachedPage | None, None]:
        """The current generation token and the page stored for it (None when missing).

        Rate limits are never counted here (``counters`` is for RedisStore).
        """
        token = generation.current(session)
        with self.lock:
            found = self.entries.get(signature)
            if found is None or found[0] < time.monotonic():
                return token, None, None
            self.entries.move_to_end(signature)
        return token, _current(CachedPage.loads(found[1]), token), None

    def set(self, signature: str, page: CachedPage) -> None:
        with self.lock:
            self.entries[signature] = (time.monotonic() + self.seconds, page.dumps())
            self.entries.move_to_end(signature)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


class RedisStore:
    """Shared by every web process and machine; Redis expires the entries.

    Redis also keeps a copy of the generation token, so that a page served from the cache
    costs one Redis round trip (MGET of the token and the page) and no database one. Each
    commit that writes sets the copy before its response leaves; the copy expires after
    ``TOKEN_SECONDS``, which bounds how long a copy left stale (by a writer that could not
    reach Redis) can last. A reader that finds no copy reads the database and sets the
    copy only if nobody has meanwhile.
    """

    TOKEN_KEY = "portal:generation"
    TOKEN_SECONDS = 5

    def __init__(self, url: str, seconds: int):
        from redis import Redis

        self.url = url
        self.redis = Redis.from_url(url, socket_timeout=1)
        self.lookup_and_count = self.redis.register_script(LOOKUP_AND_COUNT)
        self.seconds = seconds

    def lookup(self, signature: str, session, counters=()) -> tuple[
            str | None, CachedPage | None, list[int] | None]:
        """The current generation token, the page stored for it (None when missing), and
        ``counters`` (rate-limit keys with their window in seconds) each counted once,
        all in one round trip; the counts are None when they could not be counted.

        An unreachable Redis only makes pages slower: the token comes from the database.
        """
        from redis import RedisError

        try:
            if counters:
                token, raw, *counts = self.lookup_and_count(
                    keys=[self.TOKEN_KEY, self._page_key(signature),
                          *(key for key, _seconds in counters)],
                    args=[seconds for _key, seconds in counters])
            else:
                (token, raw), counts = self.redis.mget(
                    self.TOKEN_KEY, self._page_key(signature)), None
        except RedisError:
            return generation.current(session), None, None
        if token is None:
            token = generation.current(session)
            if token is not None:
                self._set_token(token, only_if_absent=True)
        else:
            token = token.decode()
        return token, _current(CachedPage.loads(raw) if raw else None, token), counts

    def generation_changed(self, token: str) -> None:
        self._set_token(token, only_if_absent=False)

    def _set_token(self, token: str, only_if_absent: bool) -> None:
        from redis import RedisError

        try:
            self.redis.set(self.TOKEN_KEY, token, ex=self.TOKEN_SECONDS, nx=only_if_absent)
        except RedisError:
            pass

    @staticmethod
    def _page_key(signature: str) -> str:
        # v2: copies stored with every header an answer gets (older ones lack some).
        return f"portal:page:v2:{signature}"

    def set(self, signature: str, page: CachedPage) -> None:
        from redis import RedisError

        try:
            self.redis.set(self._page_key(signature), page.dumps(), ex=self.seconds)
        except RedisError:
            pass
