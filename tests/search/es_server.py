"""A recording HTTP stand-in for the Elasticsearch REST API, on loopback.

Elasticsearch cannot be installed here, so the backend's index lifecycle is
tested through the requests it really sends over HTTP: this server records
every method, path and body, and keeps just enough state (indexes, aliases,
documents) to answer the index-management calls the backend makes and to
say which index a search through an alias reached. It does not search: a
``_search`` answers every document of the index the alias points to. The
live suite (ELASTICSEARCH_URL) runs the real thing.

``proxy_404=True`` makes it a misconfigured reverse proxy instead: every
request answers a plain-text 404 without Elasticsearch's product header.
"""

import fnmatch
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


class Recorder:
    def __init__(self, proxy_404=False):
        self.proxy_404 = proxy_404
        self.indexes = {}  # name -> {"aliases": set, "docs": {id: source}, "settings": dict}
        self.requests = []
        self.lock = threading.Lock()

    # --- state -------------------------------------------------------------

    def resolve(self, expression):
        """Index names an expression (names, aliases, wildcards, commas) covers."""
        found = []
        for part in expression.split(","):
            for name, index in self.indexes.items():
                if fnmatch.fnmatchcase(name, part) or part in index["aliases"]:
                    if name not in found:
                        found.append(name)
        return found

    def aliased(self, alias):
        return sorted(name for name, index in self.indexes.items() if alias in index["aliases"])

    def calls(self, method=None, path_contains=""):
        return [
            (m, p, b) for m, p, b in self.requests if (method is None or m == method) and path_contains in p
        ]

    # --- answers -------------------------------------------------------------

    def handle(self, method, path, query, body):
        parts = [unquote(part) for part in path.strip("/").split("/") if part]
        if not parts:
            return 200, {"version": {"number": "9.0.0"}, "tagline": "You Know, for Search"}
        if parts[0] == "_bulk":
            return self.bulk(body)
        if parts[0] == "_aliases":
            return self.update_aliases(json.loads(body))
        if parts[0] == "_alias":
            names = self.aliased(parts[1])
            if not names:
                return 404, {"error": "alias missing", "status": 404}
            return 200, {name: {"aliases": {parts[1]: {}}} for name in names}
        target = parts[0]
        action = parts[1] if len(parts) > 1 else ""
        if action == "_search":
            names = self.resolve(target)
            if not names:
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            return 200, self.search(names)
        if action in ("_refresh", "_settings", "_stats"):
            if not self.resolve(target):
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            if action == "_settings":
                for name in self.resolve(target):
                    self.indexes[name]["settings"].update(json.loads(body))
            return 200, {"acknowledged": True, "_shards": {"total": 1, "successful": 1, "failed": 0}}
        if method == "HEAD":
            return (200 if self.resolve(target) else 404), None
        if method == "PUT":
            if target in self.indexes:
                return 400, {"error": {"type": "resource_already_exists_exception"}, "status": 400}
            spec = json.loads(body or "{}")
            self.indexes[target] = {
                "aliases": set(spec.get("aliases", {})),
                "docs": {},
                "settings": spec.get("settings", {}),
                "mappings": spec.get("mappings", {}),
            }
            return 200, {"acknowledged": True, "index": target}
        if method == "DELETE":
            names = [name for name in self.resolve(target) if name == target or "*" in target]
            if not names and "ignore_unavailable" not in query:
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            for name in names:
                del self.indexes[name]
            return 200, {"acknowledged": True}
        if method == "GET":
            names = self.resolve(target)
            if not names and "*" not in target:
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            aliases = {name: dict.fromkeys(self.indexes[name]["aliases"], {}) for name in names}
            return 200, {name: {"aliases": aliases[name]} for name in names}
        return 400, {"error": f"unexpected {method} {path}"}

    def bulk(self, body):
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            ((op, meta),) = lines[i].items()
            names = self.resolve(meta["_index"])
            if len(names) != 1:
                items.append({op: {"status": 404, "error": {"type": "index_not_found_exception"}}})
                i += 1 if op == "delete" else 2
                continue
            docs = self.indexes[names[0]]["docs"]
            if op == "delete":
                found = docs.pop(meta["_id"], None)
                items.append({op: {"_id": meta["_id"], "status": 200 if found else 404}})
                i += 1
            else:
                docs[meta["_id"]] = lines[i + 1]
                items.append({op: {"_id": meta["_id"], "status": 201}})
                i += 2
        return 200, {
            "took": 1,
            "errors": any(item[next(iter(item))]["status"] >= 400 for item in items),
            "items": items,
        }

    def update_aliases(self, spec):
        for action in spec["actions"]:
            ((kind, args),) = action.items()
            if kind == "add":
                self.indexes[args["index"]]["aliases"].add(args["alias"])
            elif kind == "remove":
                self.indexes[args["index"]]["aliases"].discard(args["alias"])
            elif kind == "remove_index":
                del self.indexes[args["index"]]
        return 200, {"acknowledged": True}

    def search(self, names):
        hits = [
            {"_index": name, "_id": key, "_score": 1.0, "_source": source}
            for name in names
            for key, source in sorted(self.indexes[name]["docs"].items())
        ]
        facets = ("type", "category", "incubator", "district", "fee")
        return {
            "took": 1,
            "timed_out": False,
            "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": 1.0, "hits": hits[:10]},
            "aggregations": {
                f"_filter_{name}": {"doc_count": len(hits), name: {"buckets": []}} for name in facets
            },
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _serve(self):
        recorder = self.server.recorder
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        url = urlsplit(self.path)
        with recorder.lock:
            recorder.requests.append((self.command, url.path, body))
            if recorder.proxy_404:
                status, payload, content_type = 404, b"<html>404 Not Found</html>", "text/html"
            else:
                status, answer = recorder.handle(self.command, url.path, parse_qs(url.query), body)
                payload = b"" if answer is None else json.dumps(answer).encode()
                content_type = "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if not recorder.proxy_404:
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve


class RecordingElasticsearch:
    """``with RecordingElasticsearch() as es:`` → ``es.url``, ``es.recorder``."""

    def __init__(self, proxy_404=False):
        self.recorder = Recorder(proxy_404=proxy_404)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.recorder = self.recorder
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
