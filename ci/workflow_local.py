#!/usr/bin/python3
"""Run a GitHub Actions workflow's jobs on this machine, in the order and
with the semantics of a runner, as far as ci/example-github-workflow.yml
needs them (ci/workflow-local.sh is the entry point; docs/ci.md says what
is emulated and what is not).

Each job instance (one per matrix combination) gets a fresh workspace, a
checkout from a bare copy of this repository (its working tree's tracked
changes included), and only what earlier jobs uploaded as artifacts.
Steps run with bash -eo pipefail as on a runner; `uses:` steps are
emulated: actions/checkout, actions/cache (restore, and save at the job's
end), actions/upload-artifact and download-artifact (which, as on GitHub,
lose the executable bit), and github-action-benchmark (its input checked,
and the gh-pages branch it needs). Expressions (${{ }}) are evaluated
with GitHub's operators, truthiness and status functions. Anything the
workflow uses that is not emulated is an error, not a skipped step.

Glue only: it runs the jobs and prints what happened; no statistics.
"""
import argparse
import fnmatch
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import yaml

from workflow_expr import EXPR, Expr, Fail, functions, to_str, truthy

PROG = "workflow-local"


def die(msg, code=2):
    print(f"{PROG}: {msg}", file=sys.stderr)
    sys.exit(code)


# ------------------------------------------------------------ the runner

class Runner:
    def __init__(self, args, wf, repo):
        self.a, self.wf, self.repo = args, wf, repo
        self.work = args.work
        self.results = {}      # job id -> {"result", "outputs"}
        self.artifacts = os.path.join(self.work, "artifacts")
        self.caches = os.path.join(self.work, "caches")
        self.log = {"workflow": args.workflow, "event": args.event, "jobs": [], "artifacts": []}
        self.run_id = str(int(time.time()))
        self.remote = os.path.join(self.work, "remote.git")
        os.makedirs(self.artifacts)
        os.makedirs(self.caches)
        self.event_path = os.path.join(self.work, "event.json")
        self.event = self.make_event()
        with open(self.event_path, "w") as f:
            json.dump(self.event, f, indent=1)

    # --- the repository as a remote: the checkout's source, and where a
    # push (gh-pages) goes, never into the developer's own repository
    def make_remote(self):
        subprocess.run(["git", "init", "-q", "--bare", self.remote], check=True)
        # The working tree as "git add -A" would commit it (ignored files
        # left out), through an index of its own: the developer's index
        # and branches are not touched.
        env = dict(os.environ, GIT_INDEX_FILE=os.path.join(self.work, "index"))

        def git(*a):
            return subprocess.run(["git", "-C", self.repo, *a], env=env, capture_output=True, text=True,
                                  check=True).stdout.strip()
        git("read-tree", "HEAD")
        git("add", "-A")
        tree = git("write-tree")
        sha = "HEAD"
        if tree != git("rev-parse", "HEAD^{tree}"):
            sha = git("-c", "user.name=workflow-local", "-c", "user.email=workflow-local@localhost",
                      "commit-tree", tree, "-p", "HEAD", "-m", "workflow-local: the working tree")
            print(f"{PROG}: the working tree differs from HEAD: the jobs check it out as it is")
        git("push", "-q", "--force", self.remote, f"{sha}:refs/heads/main")
        subprocess.run(["git", "-C", self.remote, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
        self.sha = subprocess.run(["git", "-C", self.remote, "rev-parse", "main"], capture_output=True,
                                  text=True, check=True).stdout.strip()

    def make_event(self):
        repo = {"full_name": "local/forkbench", "default_branch": "main"}
        ev = {"repository": repo}
        if self.a.event == "pull_request":
            head = "someone/forkbench" if self.a.fork else repo["full_name"]
            ev["pull_request"] = {"number": 1, "head": {"ref": "topic", "repo": {"full_name": head}},
                                  "base": {"ref": "main", "repo": repo}}
        if self.a.event == "workflow_dispatch":
            ev["inputs"] = dict(self.inputs())
        return ev

    def inputs(self):
        on = self.wf.get("on", self.wf.get(True)) or {}
        decl = (on.get("workflow_dispatch") or {}).get("inputs") or {} if isinstance(on, dict) else {}
        given = dict(kv.split("=", 1) for kv in self.a.input)
        for k in given:
            if k not in decl:
                raise Fail(f"--input {k}: the workflow declares no such input")
        if self.a.event != "workflow_dispatch":
            if given:
                raise Fail("--input goes with --event workflow_dispatch")
            return {}
        return {k: given.get(k, to_str((v or {}).get("default", ""))) for k, v in decl.items()}

    def github(self, job):
        ref = "refs/pull/1/merge" if self.a.event == "pull_request" else "refs/heads/main"
        return {"event_name": self.a.event, "event": self.event, "workspace": "", "run_id": self.run_id,
                "run_number": "1", "repository": "local/forkbench", "ref": ref,
                "ref_name": ref.split("/")[-1] if "heads" in ref else "1/merge", "sha": getattr(self, "sha", ""),
                "job": job, "token": "", "actor": "local", "server_url": "http://localhost",
                "base_ref": "main" if self.a.event == "pull_request" else "",
                "head_ref": "topic" if self.a.event == "pull_request" else ""}

    # --- expressions
    def funcs(self, status, workspace):
        return functions(status, workspace)

    def ev(self, src, ctx, status=lambda: "success", workspace=None):
        return Expr(src, ctx, self.funcs(status, workspace)).run()

    def interp(self, value, ctx, **kw):
        """Interpolate ${{ }} in a string; a string that is one expression
        keeps the expression's type (a matrix list from fromJSON)."""
        if isinstance(value, dict):
            return {k: self.interp(v, ctx, **kw) for k, v in value.items()}
        if isinstance(value, list):
            return [self.interp(v, ctx, **kw) for v in value]
        if not isinstance(value, str):
            return value
        m = EXPR.fullmatch(value.strip())
        if m:
            return self.ev(m.group(1), ctx, **kw)
        return EXPR.sub(lambda m: to_str(self.ev(m.group(1), ctx, **kw)), value)

    def cond(self, src, ctx, status, workspace=None):
        if src is None:
            return status() == "success"
        if isinstance(src, bool):
            return src
        s = str(src).strip()
        m = EXPR.fullmatch(s)
        if m:
            s = m.group(1)
        if not re.search(r"\b(success|failure|always|cancelled)\s*\(", s):
            s = f"success() && ({s})"
        return truthy(self.ev(s, ctx, status, workspace))

    # --- the jobs
    def order(self):
        jobs = self.wf.get("jobs") or {}
        done, out = set(), []
        while len(out) < len(jobs):
            ready = [j for j in jobs if j not in done and all(n in done for n in needs_of(jobs[j]))]
            if not ready:
                raise Fail("the jobs' needs form a cycle or name a job that does not exist")
            out.append(ready[0])
            done.add(ready[0])
        return out

    def run(self):
        self.make_remote()
        self.wf_env = {}
        ctx0 = {"github": self.github(""), "inputs": self.inputs(), "vars": {}, "secrets": {"GITHUB_TOKEN": ""},
                "env": {}}
        for k, v in (self.wf.get("env") or {}).items():
            self.wf_env[k] = to_str(self.interp(v, dict(ctx0, env=dict(self.wf_env))))
        for kv in self.a.set:
            k, v = kv.split("=", 1)
            if k not in self.wf_env:
                raise Fail(f"--set {k}: the workflow's env has no {k}")
            self.wf_env[k] = v
        t0 = time.time()
        for jid in self.order():
            self.run_job(jid)
        self.log["seconds"] = round(time.time() - t0, 1)
        self.log["artifacts"] = sorted(os.listdir(self.artifacts))
        failed = [j for j, r in self.results.items() if r["result"] == "failure"]
        self.log["result"] = "failure" if failed else "success"
        with open(os.path.join(self.work, "log.json"), "w") as f:
            json.dump(self.log, f, indent=1)
        return failed

    def run_job(self, jid):
        job = self.wf["jobs"][jid]
        needs = {n: self.results[n] for n in needs_of(job)}
        ctx = {"github": self.github(jid), "inputs": self.inputs(), "vars": {},
               "secrets": {"GITHUB_TOKEN": ""}, "env": dict(self.wf_env), "needs": needs}
        status = lambda: "success" if all(r["result"] == "success" for r in needs.values()) else "failure"  # noqa: E731
        if self.a.only and jid not in self.a.only:
            print(f"== job {jid}: skipped (--only)")
            self.results[jid] = {"result": "skipped", "outputs": {}}
            self.log["jobs"].append({"job": jid, "result": "skipped"})
            return
        if not self.cond(job.get("if"), ctx, status):
            print(f"== job {jid}: skipped (if: {job.get('if', 'success()')})")
            self.results[jid] = {"result": "skipped", "outputs": {}}
            self.log["jobs"].append({"job": jid, "result": "skipped"})
            return
        strat = job.get("strategy") or {}
        matrix = self.interp(strat.get("matrix") or {}, ctx)
        if any(k in matrix for k in ("include", "exclude")):
            raise Fail(f"job {jid}: matrix include/exclude is not emulated")
        keys = list(matrix)
        for k in keys:
            if not isinstance(matrix[k], list) or not matrix[k]:
                raise Fail(f"job {jid}: matrix.{k} is not a non-empty list ({matrix[k]!r})")
        combos = [dict(zip(keys, c)) for c in itertools.product(*(matrix[k] for k in keys))] or [{}]
        fail_fast = strat.get("fail-fast", True)
        result, outputs = "success", {}
        for i, combo in enumerate(combos):
            if result == "failure" and fail_fast and matrix:
                print(f"== job {jid} {combo}: cancelled (fail-fast)")
                continue
            r, out = self.run_instance(jid, job, dict(ctx, matrix=combo, strategy={"job-index": i}), combo)
            if r == "failure":
                result = "failure"
            outputs = out or outputs
        self.results[jid] = {"result": result, "outputs": outputs}

    def run_instance(self, jid, job, ctx, combo):
        label = jid + ("-" + "-".join(to_str(v) for v in combo.values()) if combo else "")
        base = os.path.join(self.work, "jobs", f"{len(self.log['jobs']) + 1:02d}-{label}")
        ws = os.path.join(base, "ws")
        home = os.path.join(base, "home")
        files = os.path.join(base, "files")
        for d in (ws, home, files):
            os.makedirs(d)
        gh = dict(ctx["github"], workspace=ws)
        ctx = dict(ctx, github=gh, runner={"os": "Linux", "arch": "X64", "temp": files}, steps={},
                   job={"status": "success"})
        container = self.interp(job.get("container"), ctx)
        if isinstance(container, str):
            container = {"image": container}
        entry = {"job": jid, "matrix": combo, "runs_on": self.interp(job.get("runs-on"), ctx),
                 "container": container, "steps": [], "caches": []}
        self.log["jobs"].append(entry)
        opts = (container or {}).get("options") or ""
        print(f"== job {label}" + (f" (container {container.get('image')}" +
                                    (f", options '{opts}'" if opts else ", no options") + ")" if container else ""))
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("GITHUB_") or k.startswith("RUNNER_"):
                del env[k]
        env.update({"CI": "true", "GITHUB_ACTIONS": "true", "HOME": home, "GITHUB_WORKSPACE": ws,
                    "GITHUB_EVENT_NAME": self.a.event, "GITHUB_EVENT_PATH": self.event_path,
                    "GITHUB_REF": gh["ref"], "GITHUB_REF_NAME": gh["ref_name"], "GITHUB_SHA": gh["sha"],
                    "GITHUB_REPOSITORY": gh["repository"], "GITHUB_RUN_ID": self.run_id,
                    "GITHUB_RUN_NUMBER": "1", "GITHUB_JOB": jid, "RUNNER_OS": "Linux", "RUNNER_TEMP": files,
                    "GITHUB_STEP_SUMMARY": os.path.join(base, "summary.md")})
        env.update(self.wf_env)
        job_env = {}
        for k, v in (job.get("env") or {}).items():
            job_env[k] = to_str(self.interp(v, dict(ctx, env=dict(self.wf_env, **job_env))))
        env.update(job_env)
        ctx["env"] = dict(self.wf_env, **job_env)
        deadline = time.time() + 60 * float(job.get("timeout-minutes", 360))
        failed = False
        post = []  # cache saves, run at the job's end
        t_job = time.time()
        for n, step in enumerate(job.get("steps") or [], 1):
            name = step.get("name") or step.get("uses") or (step.get("run") or "").split("\n")[0]
            name = to_str(self.interp(name, ctx))
            status = lambda: "failure" if failed else "success"  # noqa: E731
            if not self.cond(step.get("if"), ctx, status, ws):
                print(f"   - {name}: skipped")
                entry["steps"].append({"name": name, "outcome": "skipped"})
                if step.get("id"):
                    ctx["steps"][step["id"]] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            senv = dict(env)
            step_env = {k: to_str(self.interp(v, ctx, workspace=ws)) for k, v in (step.get("env") or {}).items()}
            senv.update(step_env)
            out_file = os.path.join(files, f"output-{n}")
            env_file = os.path.join(files, f"env-{n}")
            path_file = os.path.join(files, f"path-{n}")
            for f in (out_file, env_file, path_file):
                open(f, "w").close()
            senv.update({"GITHUB_OUTPUT": out_file, "GITHUB_ENV": env_file, "GITHUB_PATH": path_file})
            t0 = time.time()
            log_file = os.path.join(base, f"step-{n:02d}.log")
            try:
                if "run" in step:
                    script = to_str(self.interp(step["run"], dict(ctx, env=dict(ctx["env"], **step_env)), workspace=ws))
                    ok = self.shell(script, os.path.join(ws, step.get("working-directory", "")), senv,
                                    log_file, deadline, files, n)
                    what = step["run"].strip()
                elif "uses" in step:
                    with_ = self.interp(step.get("with") or {}, dict(ctx, env=dict(ctx["env"], **step_env)),
                                        workspace=ws)
                    ok = self.uses(step["uses"], with_, ws, senv, log_file, post, entry)
                    what = "uses: " + step["uses"]
                else:
                    raise Fail(f"job {jid}: step '{name}' has neither run nor uses")
            except Fail:
                raise
            outcome = "success" if ok else "failure"
            if not ok and step.get("continue-on-error"):
                outcome = "failure (continue-on-error)"
            else:
                failed = failed or not ok
            secs = round(time.time() - t0, 1)
            print(f"   - {name}: {outcome} ({secs} s)")
            if not ok:
                with open(log_file, errors="replace") as f:
                    tail = f.read().splitlines()[-25:]
                print("\n".join("       | " + line for line in tail))
            outputs = read_kv(out_file)
            env.update(read_kv(env_file))
            ctx["env"].update(read_kv(env_file))
            with open(path_file) as f:
                for p in f.read().split():
                    env["PATH"] = p + os.pathsep + env["PATH"]
            if step.get("id"):
                ctx["steps"][step["id"]] = {"outputs": outputs, "outcome": "success" if ok else "failure",
                                            "conclusion": "success" if ok or step.get("continue-on-error") else "failure"}
            entry["steps"].append({"name": name, "what": what, "outcome": outcome, "seconds": secs})
        for save in post:
            save()
        result = "failure" if failed else "success"
        outputs = {k: to_str(self.interp(v, ctx)) for k, v in (job.get("outputs") or {}).items()}
        entry.update(result=result, seconds=round(time.time() - t_job, 1), outputs=outputs)
        if os.path.exists(env["GITHUB_STEP_SUMMARY"]):
            entry["summary"] = env["GITHUB_STEP_SUMMARY"]
        print(f"== job {label}: {result} ({entry['seconds']} s)")
        return result, outputs

    def shell(self, script, cwd, env, log_file, deadline, files, n):
        path = os.path.join(files, f"step-{n}.sh")
        with open(path, "w") as f:
            f.write(script + "\n")
        left = deadline - time.time()
        if left <= 0:
            with open(log_file, "w") as f:
                f.write("the job's timeout-minutes ran out\n")
            return False
        with open(log_file, "w") as log:
            p = subprocess.Popen(["bash", "--noprofile", "--norc", "-eo", "pipefail", path], cwd=cwd, env=env,
                                 stdout=log if not self.a.verbose else None, stderr=subprocess.STDOUT
                                 if not self.a.verbose else None, start_new_session=True)
            try:
                return p.wait(timeout=left) == 0
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
                log.write("\nthe job's timeout-minutes ran out: step stopped\n")
                return False
            except BaseException:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait()
                raise

    # --- uses:
    def uses(self, action, with_, ws, env, log_file, post, entry):
        name = action.split("@")[0]
        with open(log_file, "w") as log:
            try:
                if name == "actions/checkout":
                    return self.checkout(ws, log)
                if name == "actions/cache":
                    return self.cache(with_, ws, log, post, entry)
                if name == "actions/upload-artifact":
                    return self.upload(with_, ws, log)
                if name == "actions/download-artifact":
                    return self.download(with_, ws, log)
                if name == "benchmark-action/github-action-benchmark":
                    return self.benchmark(with_, ws, env, log)
            except (OSError, subprocess.CalledProcessError, ValueError) as e:
                log.write(f"{action}: {e}\n")
                return False
        raise Fail(f"uses: {action} is not emulated")

    def checkout(self, ws, log):
        r = subprocess.run(["git", "clone", "-q", self.remote, ws], stdout=log, stderr=subprocess.STDOUT)
        return r.returncode == 0

    def cache(self, with_, ws, log, post, entry):
        paths = [p for p in to_str(with_.get("path", "")).split("\n") if p.strip()]
        if len(paths) != 1:
            raise Fail("actions/cache: one path per cache step is emulated")
        rel = paths[0].strip()
        target = os.path.join(ws, rel)
        bound = dict(kv.split("=", 1) for kv in self.a.cache).get(rel)
        rec = {"path": rel, "key": to_str(with_.get("key")), "bound": bound}
        entry["caches"].append(rec)
        if bound:
            # a directory of this machine stands for the restored cache
            os.makedirs(bound, exist_ok=True)
            os.symlink(os.path.abspath(bound), target)
            log.write(f"{rel}: bound to {bound}\n")
        else:
            store = os.path.join(self.caches, rel.replace("/", "_"))
            if os.path.isdir(store):
                shutil.copytree(store, target, symlinks=True)
                log.write(f"{rel}: restored from this run's earlier save\n")
            else:
                log.write(f"{rel}: no cache yet (a cold run)\n")

        def save():
            files = sum(len(f) for _, _, f in os.walk(target, followlinks=True)) if os.path.isdir(target) else 0
            rec["files_at_save"] = files
            if files == 0:
                print(f"   ! cache {rel}: nothing to save (the path is empty or missing)")
                return
            if not bound:
                store = os.path.join(self.caches, rel.replace("/", "_"))
                shutil.rmtree(store, ignore_errors=True)
                shutil.copytree(target, store, symlinks=True)
            print(f"   . cache {rel}: saved, {files} files")
        post.append(save)
        return True

    def upload(self, with_, ws, log):
        name = to_str(with_.get("name") or "artifact")
        if "/" in name or ":" in name:
            raise Fail(f"upload-artifact: '{name}' is not a valid artifact name")
        dest = os.path.join(self.artifacts, name)
        if os.path.exists(dest):
            log.write(f"an artifact named {name} exists already in this run\n")
            return False
        paths = [p.strip() for p in to_str(with_.get("path", "")).split("\n") if p.strip()]
        found = [os.path.join(ws, p) for p in paths if os.path.exists(os.path.join(ws, p))]
        if not found:
            how = to_str(with_.get("if-no-files-found") or "warn")
            log.write(f"no files at {paths} ({how})\n")
            print(f"   ! upload {name}: no files at {' '.join(paths)}")
            return how != "error"
        os.makedirs(dest)
        if len(found) == 1 and os.path.isdir(found[0]):
            shutil.copytree(found[0], dest, dirs_exist_ok=True)
        else:
            root = os.path.commonpath([os.path.dirname(f) if os.path.isfile(f) else f for f in found]) \
                if len(found) > 1 else os.path.dirname(found[0])
            for f in found:
                rel = os.path.relpath(f, root)
                if os.path.isdir(f):
                    shutil.copytree(f, os.path.join(dest, rel), dirs_exist_ok=True)
                else:
                    os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                    shutil.copy2(f, os.path.join(dest, rel))
        log.write(f"uploaded {name}\n")
        return True

    def download(self, with_, ws, log):
        name, pattern = with_.get("name"), with_.get("pattern")
        path = os.path.join(ws, to_str(with_.get("path") or "."))
        have = sorted(os.listdir(self.artifacts))
        if name:
            if name not in have:
                log.write(f"no artifact named {name} (there are: {' '.join(have)})\n")
                return False
            pick, into = [name], {name: path}
        else:
            pick = [a for a in have if fnmatch.fnmatch(a, to_str(pattern or "*"))]
            merge = truthy(with_.get("merge-multiple"))
            into = {a: path if merge else os.path.join(path, a) for a in pick}
        for a in pick:
            shutil.copytree(os.path.join(self.artifacts, a), into[a], dirs_exist_ok=True)
            # artifacts keep no file modes: nothing comes down executable
            for d, _, fs in os.walk(into[a]):
                for f in fs:
                    p = os.path.join(d, f)
                    if not os.path.islink(p):
                        os.chmod(p, os.stat(p).st_mode & ~0o111)
        log.write(f"downloaded {' '.join(pick) or 'nothing'}\n")
        return True

    def benchmark(self, with_, ws, env, log):
        # Not run here (it needs GitHub Pages): its input is checked as the
        # action reads it, and so is the branch it would fetch and push.
        tool = to_str(with_.get("tool"))
        if tool not in ("customSmallerIsBetter", "customBiggerIsBetter"):
            raise Fail(f"github-action-benchmark: tool '{tool}' is not emulated")
        f = os.path.join(ws, to_str(with_.get("output-file-path")))
        with open(f) as fh:
            data = json.load(fh)
        if not isinstance(data, list) or not data or not all(
                isinstance(d, dict) and isinstance(d.get("name"), str) and isinstance(d.get("unit"), str)
                and isinstance(d.get("value"), (int, float)) and not isinstance(d.get("value"), bool)
                for d in data):
            log.write(f"{f}: not a non-empty list of {{name, unit, value}}\n")
            return False
        branch = to_str(with_.get("gh-pages-branch") or "gh-pages")
        r = subprocess.run(["git", "-C", ws, "ls-remote", "--exit-code", "--heads", "origin", branch],
                           capture_output=True)
        if r.returncode != 0:
            log.write(f"the branch {branch} does not exist: the action would fail here\n")
            return False
        log.write(f"{len(data)} figures for {to_str(with_.get('name'))}; {branch} exists; not pushed (local run)\n")
        return True


def needs_of(job):
    n = job.get("needs") or []
    return [n] if isinstance(n, str) else list(n)


def read_kv(path):
    out = {}
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([^=<]+)<<(.+)$", line)
        if m:
            end = m.group(2)
            j = i + 1
            while j < len(lines) and lines[j] != end:
                j += 1
            out[m.group(1)] = "\n".join(lines[i + 1:j])
            i = j + 1
            continue
        if "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out


def main():
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("--workflow", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--event", default="push", choices=["push", "pull_request", "schedule", "workflow_dispatch"])
    p.add_argument("--fork", action="store_true")
    p.add_argument("--input", action="append", default=[])
    p.add_argument("--set", action="append", default=[])
    p.add_argument("--cache", action="append", default=[])
    p.add_argument("--only", action="append", default=[])
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args()
    for opt, vals in (("--input", a.input), ("--set", a.set), ("--cache", a.cache)):
        for kv in vals:
            if "=" not in kv or kv.startswith("="):
                die(f"{opt} wants NAME=VALUE, got '{kv}'")
    if a.fork and a.event != "pull_request":
        die("--fork goes with --event pull_request")
    try:
        with open(a.workflow) as f:
            wf = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        die(f"cannot read {a.workflow}: {e}")
    if not isinstance(wf, dict) or "jobs" not in wf:
        die(f"{a.workflow} is not a workflow (no jobs)")
    for j in a.only:
        if j not in wf["jobs"]:
            die(f"--only {j}: the workflow has no such job (jobs: {' '.join(wf['jobs'])})")
    try:
        failed = Runner(a, wf, a.repo).run()
    except Fail as e:
        die(str(e))
    except KeyboardInterrupt:
        die("interrupted", 130)
    if failed:
        print(f"{PROG}: failed: {' '.join(failed)} (logs under {a.work}/jobs)")
        sys.exit(1)
    print(f"{PROG}: every job passed (log: {a.work}/log.json)")


if __name__ == "__main__":
    main()
