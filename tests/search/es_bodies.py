"""What an Elasticsearch query body selects, read by hand: the few query
types search.backends.elastic sends (bool, multi_match of type phrase over
whitespace-split atom fields, terms, range, constant_score, match_all),
evaluated over the documents as the backend would store them. It lets the
contract suite compare the Elasticsearch backend's *query bodies* with the
embedded backend's answers where no cluster is running; with
ELASTICSEARCH_URL set the live suite runs the real thing."""

from datetime import datetime


def _holds(text, atoms):
    tokens = text.split()
    n = len(atoms)
    return any(tokens[i : i + n] == atoms for i in range(len(tokens) - n + 1))


def matches(query, source):
    """Does the stored document ``source`` (a dict) satisfy ``query``?"""
    return score(query, source) is not None


def score(query, source):
    """None when ``query`` does not select ``source``; else the sum of the
    constant scores of what it selects (the tier and "not ended" boosts;
    relevance scores count 0 here)."""
    ((kind, body),) = query.items()
    if kind == "match_all":
        return 0.0
    if kind == "multi_match":
        if body.get("type") != "phrase":
            raise ValueError(body)
        atoms = body["query"].split()
        fields = [field.split("^")[0] for field in body["fields"]]
        return 0.0 if any(_holds(source.get(field, ""), atoms) for field in fields) else None
    if kind == "terms":
        ((field, values),) = body.items()
        held = source.get(field) or []
        held = held if isinstance(held, list) else [held]
        return 0.0 if set(held) & set(values) else None
    if kind == "range":
        ((field, bounds),) = body.items()
        value = source.get(field)
        if value is None:
            return None
        for op, bound in bounds.items():
            bound = datetime.fromisoformat(bound)
            if op == "lt" and not value < bound:
                return None
        return 0.0
    if kind == "constant_score":
        return None if score(body["filter"], source) is None else float(body.get("boost", 1.0))
    if kind == "bool":
        total = 0.0
        for clause in body.get("must", []) + body.get("filter", []):
            found = score(clause, source)
            if found is None:
                return None
            total += found
        for clause in body.get("must_not", []):
            if score(clause, source) is not None:
                return None
        should = [score(clause, source) for clause in body.get("should", [])]
        held = [found for found in should if found is not None]
        needed = body.get("minimum_should_match", 0 if (body.get("must") or body.get("filter")) else 1)
        if should and len(held) < needed:
            return None
        return total + sum(held)
    raise ValueError(f"query type not read here: {kind}")
