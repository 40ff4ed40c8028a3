"""pymemcache, a client nobody here wrote, against the mcjcache proxy (PymemcacheClientTest runs it).

Usage: pymemcache_client.py PORT SCENARIO MAX_KEY_BYTES

Each scenario talks to the proxy on 127.0.0.1:PORT through pymemcache's own Client (or PooledClient),
fails with an AssertionError that shows what was read, and prints "ok SCENARIO" at the end.
MAX_KEY_BYTES is the proxy's key limit (memcached's 250 minus the proxy's key prefix).
"""

import select
import sys
import threading
import time

import pymemcache
from pymemcache import exceptions
from pymemcache.client.base import Client, PooledClient


def client(port, **options):
    settings = dict(connect_timeout=5, timeout=10, default_noreply=False,
                    allow_unicode_keys=True, encoding="utf-8")
    settings.update(options)
    return Client(("127.0.0.1", port), **settings)


def expect(actual, expected, what):
    assert actual == expected, f"{what}: expected {expected!r}, got {actual!r}"


def raises(error, what, call):
    """The exception of type `error` that call() raises; anything else fails."""
    try:
        result = call()
    except error as e:
        return e
    raise AssertionError(f"{what}: expected {error.__name__}, got {result!r}")


def commands(port, max_key):
    """Every command pymemcache 3.5 has that the proxy serves, with the answers pymemcache turns them into."""
    c = client(port)
    expect(c.set("cmd:a", b"1"), True, "set")
    expect(c.get("cmd:a"), b"1", "get")
    expect(c.get("cmd:none"), None, "get of a missing key")
    expect(c.get("cmd:none", default=b"d"), b"d", "get with a default")
    expect(c.add("cmd:a", b"2"), False, "add over an item")
    expect(c.add("cmd:b", b"2"), True, "add")
    expect(c.replace("cmd:none", b"x"), False, "replace of a missing key")
    expect(c.replace("cmd:b", b"3"), True, "replace")
    expect(c.append("cmd:b", b">"), True, "append")
    expect(c.prepend("cmd:b", b"<"), True, "prepend")
    expect(c.append("cmd:none", b">"), False, "append to a missing key")
    expect(c.prepend("cmd:none", b"<"), False, "prepend to a missing key")
    expect(c.get_many(["cmd:a", "cmd:b", "cmd:none"]), {"cmd:a": b"1", "cmd:b": b"<3>"}, "get_many")

    value, unique = c.gets("cmd:b")
    expect(value, b"<3>", "gets")
    expect(c.gets("cmd:none"), (None, None), "gets of a missing key")
    expect(c.cas("cmd:b", b"new", unique), True, "cas with the unique just read")
    expect(c.cas("cmd:b", b"newer", unique), False, "cas with a spent unique (EXISTS)")
    expect(c.cas("cmd:none", b"x", unique), None, "cas of a missing key (NOT_FOUND)")
    many = c.gets_many(["cmd:a", "cmd:b", "cmd:none"])
    expect(sorted(many), ["cmd:a", "cmd:b"], "gets_many keys")
    expect(many["cmd:b"][0], b"new", "gets_many value")
    assert many["cmd:a"][1] != many["cmd:b"][1], f"two items share a cas unique: {many}"

    expect(c.incr("cmd:n", 1), None, "incr of a missing key")
    expect(c.set("cmd:n", b"10"), True, "set a number")
    expect(c.incr("cmd:n", 5), 15, "incr")
    expect(c.decr("cmd:n", 20), 0, "decr stops at 0")
    expect(c.set("cmd:max", b"18446744073709551615"), True, "set 2^64-1")
    expect(c.incr("cmd:max", 2), 1, "incr wraps at 2^64")
    c.set("cmd:text", b"one")
    error = raises(exceptions.MemcacheClientError, "incr of text", lambda: c.incr("cmd:text", 1))
    assert b"non-numeric" in error.args[0], error

    expect(c.touch("cmd:a", 100), True, "touch")
    expect(c.touch("cmd:none", 100), False, "touch of a missing key")
    expect(c.delete("cmd:a"), True, "delete")
    expect(c.delete("cmd:a"), False, "delete of a missing key")
    expect(c.set_many({"cmd:m1": b"1", "cmd:m2": b"2"}), [], "set_many failures")
    expect(c.delete_many(["cmd:m1", "cmd:m2", "cmd:none"]), True, "delete_many")
    expect(c.get_many(["cmd:m1", "cmd:m2"]), {}, "get_many after delete_many")

    before = c.stats()
    expect(c.get("cmd:b"), b"new", "get")
    after = c.stats()
    for name in (b"pid", b"uptime", b"version", b"curr_connections", b"get_hits", b"get_misses"):
        assert name in after, f"stats has no {name!r}: {after}"
    expect(after[b"cmd_get"] - before[b"cmd_get"], 1, "cmd_get counted by stats")
    expect(after[b"get_hits"] - before[b"get_hits"], 1, "get_hits counted by stats")
    assert c.version().startswith(b"1.6"), c.version()

    expect(c.flush_all(), True, "flush_all")
    expect(c.get_many(["cmd:b", "cmd:n", "cmd:max"]), {}, "get_many after flush_all")
    c.quit()
    expect(c.set("cmd:after-quit", b"x"), True, "set on a new connection after quit")
    if not hasattr(c, "gat"):
        print("gat/gats: not in this pymemcache", pymemcache.__version__)


def noreply(port, max_key):
    """pymemcache's default, noreply: every command's effect lands, and nothing is left unread."""
    q = client(port, default_noreply=True)
    q.set("nr:a", b"1")
    q.add("nr:a", b"not stored")
    q.add("nr:b", b"2")
    q.replace("nr:b", b"3")
    q.replace("nr:none", b"x")
    q.append("nr:b", b">")
    q.prepend("nr:b", b"<")
    q.set("nr:n", b"5")
    q.incr("nr:n", 3, noreply=True)
    q.decr("nr:n", 1, noreply=True)
    q.incr("nr:none", 1, noreply=True)
    q.touch("nr:a", 100)
    q.touch("nr:none", 100)
    q.set("nr:gone", b"x")
    q.delete("nr:gone")
    q.delete("nr:none")
    q.set_many({f"nr:m{i}": str(i).encode() for i in range(500)})
    q.delete_many([f"nr:m{i}" for i in range(0, 500, 2)])
    _, unique = q.gets("nr:b")  # answered after everything above: one connection keeps its order
    q.cas("nr:b", b"cas'd", unique, noreply=True)
    q.cas("nr:b", b"lost", unique, noreply=True)
    # A stray answer on q's connection would be read here instead of the version; it also makes sure the
    # proxy has executed q's requests before another connection reads.
    assert q.version().startswith(b"1.6"), "an answer was left unread after noreply commands"
    c = client(port)
    expect(c.get_many(["nr:a", "nr:b", "nr:n", "nr:gone", "nr:none"]),
           {"nr:a": b"1", "nr:b": b"cas'd", "nr:n": b"7"}, "what the noreply commands did")
    expect(c.get_many([f"nr:m{i}" for i in range(500)]),
           {f"nr:m{i}": str(i).encode() for i in range(1, 500, 2)}, "set_many and delete_many with noreply")
    q.flush_all()
    expect(q.get("nr:a"), None, "get on the same connection after flush_all noreply")


class FlagsSerde:
    """Keeps the flags: pymemcache sends them with each value and hands them back on reads."""

    def serialize(self, key, value):
        return value, 0

    def deserialize(self, key, value, flags):
        return value, flags


def binary(port, max_key):
    """Values with every byte and with protocol framing inside; flags; unicode keys up to the byte limit."""
    c = client(port)
    values = {
        "bin:every-byte": bytes(range(256)) * 16,
        "bin:framing": b"VALUE bin:x 0 1\r\nx\r\nEND\r\n",
        "bin:empty": b"",
        "bin:nul": b"\x00" * 100,
    }
    expect(c.set_many(values), [], "set_many of binary values")
    expect(c.get_many(list(values)), values, "binary values read back")
    for key, value in values.items():
        expect(c.get(key), value, f"get {key}")

    f = client(port, serde=FlagsSerde())
    for flags in (0, 1, 0xFFFF, 0xFFFFFFFF):
        f.set("bin:flags", b"v", flags=flags)
        expect(f.get("bin:flags"), (b"v", flags), "value and flags")

    keys = {"ключ": b"ru", "ü": b"de", "日本語": b"ja", "🔑": b"emoji", "a\u00a0b": b"nbsp"}
    expect(c.set_many(keys), [], "set_many with unicode keys")
    expect(c.get_many(list(keys)), keys, "get_many with unicode keys")
    expect(c.gets("ключ")[0], b"ru", "gets with a unicode key")
    c.set("ü", b"41")
    expect(c.incr("ü", 1), 42, "incr with a unicode key")
    expect(c.delete("🔑"), True, "delete with a unicode key")

    longest = "é" * (max_key // 2) + "x" * (max_key % 2)  # é is 2 bytes in UTF-8
    expect(len(longest.encode()), max_key, "key bytes")
    expect(c.set(longest, b"longest"), True, "set with a unicode key of the largest size")
    expect(c.get(longest), b"longest", "get with a unicode key of the largest size")
    raises(exceptions.MemcacheClientError, "a unicode key one byte too long", lambda: c.set(longest + "x", b"x"))
    raises(exceptions.MemcacheIllegalInputError, "a unicode key without allow_unicode_keys",
           lambda: client(port, allow_unicode_keys=False).set("ключ", b"x"))


def multiget(port, max_key):
    """get_many/gets_many/delete_many of 100 keys, and a PooledClient shared by threads."""
    c = client(port)
    values = {f"mg:{i}": f"value-{i}".encode() * (i + 1) for i in range(100)}
    expect(c.set_many(values), [], "set_many of 100 keys")
    expect(c.get_many(list(values)), values, "get_many of 100 keys")
    expect(c.get_many(list(values) + [f"mg:none{i}" for i in range(20)]), values, "get_many with misses")
    expect(c.get_many(list(values)[:50] * 2), dict(list(values.items())[:50]), "get_many with repeated keys")
    with_cas = c.gets_many(list(values))
    expect({k: v for k, (v, _) in with_cas.items()}, values, "gets_many of 100 keys")
    expect(len({unique for _, unique in with_cas.values()}), 100, "distinct cas uniques")
    expect(c.cas("mg:7", b"seven", with_cas["mg:7"][1]), True, "cas with a unique from gets_many")
    expect(c.delete_many([f"mg:{i}" for i in range(0, 100, 2)]), True, "delete_many of 50 keys")
    left = {k: v for k, v in values.items() if int(k[3:]) % 2 == 1}
    left["mg:7"] = b"seven"
    expect(c.get_many(list(values)), left, "get_many after delete_many")

    pooled = PooledClient(("127.0.0.1", port), connect_timeout=5, timeout=10, max_pool_size=8,
                          default_noreply=False)
    failures = []

    def reader():
        try:
            for _ in range(20):
                found = pooled.get_many(list(values))
                if found != left:
                    failures.append(sorted(set(found.items()) ^ set(left.items()))[:3])
        except Exception as e:  # reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect(failures, [], "PooledClient get_many from 8 threads")


def limits(port, max_key):
    """A key too long and a value too large: the errors pymemcache raises, and the connection lives on."""
    c = client(port)
    longest = "k" * max_key
    expect(c.set(longest, b"v"), True, "set with the longest key")
    expect(c.get(longest), b"v", "get with the longest key")
    error = raises(exceptions.MemcacheClientError, "set with a key over the proxy's limit",
                   lambda: c.set(longest + "k", b"v"))
    expect(error.args[0], b"bad command line format", "the proxy's answer")
    raises(exceptions.MemcacheClientError, "get with a key over the proxy's limit", lambda: c.get(longest + "k"))
    raises(exceptions.MemcacheIllegalInputError, "a key over memcached's 250 bytes", lambda: c.set("k" * 251, b"v"))
    raises(exceptions.MemcacheIllegalInputError, "a key with a space", lambda: c.set("a b", b"v"))

    big = b"b" * 1000 * 1024
    expect(c.set("lim:big", big), True, "set of 1000 KiB")
    expect(c.get("lim:big"), big, "get of 1000 KiB")
    error = raises(exceptions.MemcacheServerError, "set of 1 MiB + 1",
                   lambda: c.set("lim:big", b"b" * (1024 * 1024 + 1)))
    expect(error.args[0], b"object too large for cache", "the proxy's answer")
    expect(c.get("lim:big"), None, "the old value after a failed set (memcached drops it too)")
    expect(c.set("lim:after", b"fine"), True, "set after the errors")
    expect(c.get("lim:after"), b"fine", "get after the errors")


def ttl(port, max_key):
    """Relative, absolute and negative expiry; touch; an item of ttl 1 polled until it is gone."""
    c = client(port)
    c.set("ttl:short", b"x", expire=1)
    c.set("ttl:touched", b"y", expire=1)
    expect(c.touch("ttl:touched", 60), True, "touch to 60 s")
    c.set("ttl:long", b"z", expire=60)
    c.set("ttl:absolute", b"a", expire=int(time.time()) + 60)
    c.set("ttl:past", b"p", expire=int(time.time()) - 60)
    c.set("ttl:negative", b"n", expire=-1)
    expect(c.get_many(["ttl:past", "ttl:negative"]), {}, "expired at once")
    expect(c.get("ttl:short"), b"x", "ttl 1 right after the set")

    started = time.monotonic()
    while c.get("ttl:short") is not None:
        assert time.monotonic() - started < 10, "an item of ttl 1 is still there after 10 s"
        time.sleep(0.05)
    print(f"ttl 1 item gone after {time.monotonic() - started:.2f} s")
    expect(c.get_many(["ttl:touched", "ttl:long", "ttl:absolute"]),
           {"ttl:touched": b"y", "ttl:long": b"z", "ttl:absolute": b"a"}, "items with a longer ttl")
    expect(c.touch("ttl:short", 60), False, "touch of the expired item")
    expect(c.add("ttl:short", b"again"), True, "add over the expired item")
    expect(c.get("ttl:short"), b"again", "the added item")


def cas_race(port, max_key, workers=2, increments=200):
    """Threads with a client each: gets + cas increments of one counter, retried on EXISTS."""
    client(port).set("race:counter", b"0")
    written = [[] for _ in range(workers)]
    retries = [0] * workers
    errors = []

    def worker(n):
        c = client(port)
        try:
            while len(written[n]) < increments:
                value, unique = c.gets("race:counter")
                if c.cas("race:counter", str(int(value) + 1).encode(), unique):
                    written[n].append(int(value) + 1)
                else:
                    retries[n] += 1
        except Exception as e:  # reported below, with the worker's number
            errors.append(f"worker {n}: {e!r}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect(errors, [], "worker errors")
    total = workers * increments
    print(f"{total} cas increments, {sum(retries)} retries after EXISTS")
    expect(int(client(port).get("race:counter")), total, "the counter")
    expect(sorted(v for w in written for v in w), list(range(1, total + 1)), "each value written by one cas")


def failover(port, max_key, keys=2000):
    """2,000 keys written, then overwritten and deleted in rounds while the test SIGKILLs a node.

    A quarter into the first round it prints "phase1-done" and writes on, looking at stdin between two
    requests: "go" means the node is dead. A full round after that, every key must read back as last
    acknowledged: STORED means that value, DELETED or NOT_FOUND a miss.
    """
    c = client(port)
    names = [f"fo:{i}" for i in range(keys)]
    acked = {}
    for start in range(0, keys, 200):
        chunk = {k: f"v0-{i}".encode() for i, k in enumerate(names[start:start + 200], start)}
        expect(c.set_many(chunk), [], "set_many before the kill")
        acked.update(chunk)

    killed_at = None
    writes = 0
    round_no = 1
    while killed_at is None or writes < killed_at + keys:
        assert round_no < 50, "no 'go' on stdin"
        for i, key in enumerate(names):
            if writes == keys // 4:
                print("phase1-done", flush=True)
            if killed_at is None and select.select([sys.stdin], [], [], 0)[0]:
                expect(sys.stdin.readline().strip(), "go", "line from the test")
                killed_at = writes
            if (i + round_no) % 10 == 0:
                c.delete(key)
                acked[key] = None
            else:
                value = f"v{round_no}-{i}".encode()
                expect(c.set(key, value), True, f"set {key} (round {round_no})")
                acked[key] = value
            writes += 1
            if i % 7 == 0:
                earlier = names[i // 2]
                expect(c.get(earlier), acked[earlier], f"read of {earlier} (round {round_no})")
        round_no += 1
    print(f"{writes} writes, {killed_at} before the kill was seen, {round_no - 1} rounds")

    wrong = []
    for start in range(0, keys, 100):
        chunk = names[start:start + 100]
        found = c.get_many(chunk)
        wrong += [f"{k}: acked {acked[k]!r}, read {found.get(k)!r}" for k in chunk if found.get(k) != acked[k]]
    expect(wrong[:10], [], f"lost or stale keys ({len(wrong)} of {keys})")


SCENARIOS = {f.__name__: f for f in (commands, noreply, binary, multiget, limits, ttl, cas_race, failover)}

if __name__ == "__main__":
    port, scenario, max_key = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    print(f"pymemcache {pymemcache.__version__}, scenario {scenario}, proxy port {port}", flush=True)
    SCENARIOS[scenario](port, max_key)
    print(f"ok {scenario}", flush=True)
