#!/usr/bin/python3
"""ci/workflow_local.py's expression evaluator and output files against
GitHub's documented rules (docs.github.com, "Evaluate expressions in
workflows and actions"): what the example workflow's if: and env values
rely on. TAP on stdout."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "ci"))
try:
    import workflow_local as wl
except ImportError as e:  # PyYAML missing
    print(f"1..0 # SKIP {e}")
    sys.exit(0)

n = 0
failed = 0


def check(what, got, want):
    global n, failed
    n += 1
    ok = got == want and type(got) is type(want)
    print(f"{'ok' if ok else 'not ok'} {n} - {what}" + ("" if ok else f" (got {got!r}, want {want!r})"))
    failed |= not ok


CTX = {"inputs": {"clock": "wall", "rounds": "3", "empty": ""}, "github": {"event_name": "push"},
       "needs": {"build": {"result": "success", "outputs": {"rounds": "[1,2]"}}}, "env": {},
       "steps": {"history": {"outputs": {"ready": "true"}}}, "matrix": {"side": "A"}}


def ev(src, ctx=CTX, status="success"):
    return wl.Expr(src, ctx, wl.functions(lambda: status, None)).run()


check("|| returns the first truthy operand", ev("inputs.empty || 'stock:6.1'"), "stock:6.1")
check("|| with a missing input", ev("inputs.nosuch || '3'"), "3")
check("&& ... || as a ternary (true)", ev("inputs.clock == 'wall' && '--device /dev/kvm' || ''"), "--device /dev/kvm")
check("&& ... || as a ternary (false)", ev("inputs.empty == 'wall' && '--device /dev/kvm' || ''"), "")
check("string equality ignores case", ev("github.event_name == 'PUSH'"), True)
check("a missing property is null, and null == '' is loose: false vs 'x'", ev("inputs.nosuch == 'x'"), False)
check("null equals 0 (numbers when types differ)", ev("inputs.nosuch == 0"), True)
check("'3' == 3 (a string compared with a number as a number)", ev("inputs.rounds == 3"), True)
check("! of an empty string", ev("!inputs.empty"), True)
check("fromJSON gives a list", ev("fromJSON(needs.build.outputs.rounds)"), [1, 2])
check("a step output", ev("steps.history.outputs.ready == 'true'"), True)
check("index syntax", ev("matrix['side']"), "A")
check("always() in a failed job", ev("always()", status="failure"), True)
check("success() in a failed job", ev("success()", status="failure"), False)
check("!cancelled() && ...", ev("!cancelled() && needs.build.result == 'success'"), True)
check("contains on a string ignores case", ev("contains('Hello', 'ELL')"), True)
check("format", ev("format('{0}-{1}', 'boot', 2)"), "boot-2")
check("startsWith", ev("startsWith(github.event_name, 'pu')"), True)

r = wl.Runner.__new__(wl.Runner)
check("interp keeps one expression's type", r.interp("${{ fromJSON('[1]') }}", {}), [1])
check("interp of text around expressions", r.interp("boot-${{ matrix.side }}-${{ 2 }}", CTX), "boot-A-2")
check("a condition without a status function is success() && it",
      r.cond("inputs.clock == 'wall'", CTX, lambda: "failure"), False)
check("a ${{ }}-wrapped condition", r.cond("${{ inputs.clock == 'wall' }}", CTX, lambda: "success"), True)

n += 1
try:
    ev("nosuch.context")
    print(f"not ok {n} - an unknown context is an error")
    failed = 1
except wl.Fail:
    print(f"ok {n} - an unknown context is an error")
n += 1
try:
    ev("toLower('X')")
    print(f"not ok {n} - a function not emulated is an error")
    failed = 1
except wl.Fail:
    print(f"ok {n} - a function not emulated is an error")

with tempfile.NamedTemporaryFile("w", delete=False) as f:
    f.write("a=1\nmulti<<EOF\nline 1\nline 2\nEOF\nb=x=y\n")
check("GITHUB_OUTPUT lines and a heredoc", wl.read_kv(f.name), {"a": "1", "multi": "line 1\nline 2", "b": "x=y"})
os.unlink(f.name)
print(f"1..{n}")
sys.exit(failed)
