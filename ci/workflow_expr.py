"""GitHub Actions expressions (${{ }}) for ci/workflow_local.py: the
operators, loose equality, truthiness and functions of GitHub's rules
("Evaluate expressions in workflows and actions"), as far as a workflow
of this project uses them; anything else is an error (Fail), never a
guess."""
import glob
import hashlib
import json
import os
import re


class Fail(Exception):
    """A usage or workflow error: one line, exit 2."""


TOKEN = re.compile(r"""\s*(?:
    (?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+) |
    (?P<str>'(?:[^']|'')*') |
    (?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,*]) |
    (?P<id>[A-Za-z_][A-Za-z0-9_-]*)
)""", re.X)


def tokenize(src):
    pos, out = 0, []
    src = src.strip()
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m or m.end() == pos:
            raise Fail(f"cannot read the expression '{src}' at '{src[pos:]}'")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


def truthy(v):
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0 and v == v
    if isinstance(v, str):
        return v != ""
    return True


def to_num(v):
    if v is None:
        return 0
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return 0
        try:
            return int(s, 0) if re.fullmatch(r"-?(0x[0-9a-fA-F]+|\d+)", s) else float(s)
        except ValueError:
            return float("nan")
    return float("nan")


def equal(a, b):
    # GitHub: strings compare ignoring case; other mixed types as numbers
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                              and not isinstance(a, bool) and not isinstance(b, bool)):
        return a == b
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return a is b
    return to_num(a) == to_num(b)


def to_str(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dict, list)):
        return json.dumps(v, indent=2)
    return str(v)


class Expr:
    """A recursive-descent evaluator of one ${{ }} expression."""

    def __init__(self, src, ctx, funcs):
        self.src, self.toks, self.i = src, tokenize(src), 0
        self.ctx, self.funcs = ctx, funcs

    def peek(self, v=None):
        if self.i >= len(self.toks):
            return None
        t = self.toks[self.i]
        return t if v is None or t[1] == v else None

    def take(self, v=None):
        t = self.peek(v)
        if t is None:
            raise Fail(f"expression '{self.src}': expected {v or 'more'}")
        self.i += 1
        return t

    def run(self):
        v = self.or_()
        if self.i != len(self.toks):
            raise Fail(f"expression '{self.src}': unexpected '{self.toks[self.i][1]}'")
        return v

    def or_(self):
        v = self.and_()
        while self.peek("||"):
            self.take()
            w = self.and_()
            v = v if truthy(v) else w
        return v

    def and_(self):
        v = self.cmp()
        while self.peek("&&"):
            self.take()
            w = self.cmp()
            v = w if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        t = self.peek()
        if t and t[1] in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            w = self.unary()
            op = t[1]
            if op == "==":
                return equal(v, w)
            if op == "!=":
                return not equal(v, w)
            a, b = (v.lower(), w.lower()) if isinstance(v, str) and isinstance(w, str) else (to_num(v), to_num(w))
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        return v

    def unary(self):
        if self.peek("!"):
            self.take()
            return not truthy(self.unary())
        return self.postfix()

    def postfix(self):
        kind, val = self.take()
        if val == "(" and kind == "op":
            v = self.or_()
            self.take(")")
        elif kind == "num":
            v = to_num(val)
        elif kind == "str":
            v = val[1:-1].replace("''", "'")
        elif kind == "id" and val in ("true", "false", "null"):
            v = {"true": True, "false": False, "null": None}[val]
        elif kind == "id" and self.peek("("):
            self.take("(")
            args = []
            while not self.peek(")"):
                args.append(self.or_())
                if not self.peek(")"):
                    self.take(",")
            self.take(")")
            f = self.funcs.get(val.lower())
            if f is None:
                raise Fail(f"expression '{self.src}': function {val}() is not emulated")
            v = f(*args)
        elif kind == "id":
            if val not in self.ctx:
                raise Fail(f"expression '{self.src}': no context '{val}' here")
            v = self.ctx[val]
        else:
            raise Fail(f"expression '{self.src}': unexpected '{val}'")
        while True:
            if self.peek("."):
                self.take()
                _, name = self.take()
                v = v.get(name) if isinstance(v, dict) else None
            elif self.peek("["):
                self.take()
                k = self.or_()
                self.take("]")
                if isinstance(v, dict):
                    v = v.get(to_str(k))
                elif isinstance(v, list) and isinstance(k, (int, float)) and 0 <= int(k) < len(v):
                    v = v[int(k)]
                else:
                    v = None
            else:
                return v


EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def functions(status, workspace):
    """The functions of an expression; status() is the job's or step's
    status so far, workspace where hashFiles() looks."""
    def hash_files(*pats):
        files = set()
        for p in pats:
            for f in glob.glob(os.path.join(workspace or ".", p), recursive=True):
                if os.path.isfile(f):
                    files.add(f)
        if not files:
            return ""
        h = hashlib.sha256()
        for f in sorted(files):
            with open(f, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        return h.hexdigest()

    def fmt(s, *a):
        s = s.replace("{{", "\0").replace("}}", "\1")
        s = re.sub(r"\{(\d+)\}", lambda m: to_str(a[int(m.group(1))]), s)
        return s.replace("\0", "{").replace("\1", "}")

    return {
        "success": lambda: status() == "success",
        "failure": lambda: status() == "failure",
        "cancelled": lambda: False,
        "always": lambda: True,
        "contains": lambda a, b: (any(equal(x, b) for x in a) if isinstance(a, list)
                                  else to_str(b).lower() in to_str(a).lower()),
        "startswith": lambda a, b: to_str(a).lower().startswith(to_str(b).lower()),
        "endswith": lambda a, b: to_str(a).lower().endswith(to_str(b).lower()),
        "format": fmt,
        "join": lambda a, sep=",": sep.join(to_str(x) for x in a) if isinstance(a, list) else to_str(a),
        "tojson": lambda v: json.dumps(v, indent=2),
        "fromjson": lambda s: json.loads(s),
        "hashfiles": hash_files,
    }
