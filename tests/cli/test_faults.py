#!/usr/bin/env python3
"""Faults during training, through lora-studio-cli on the small llama3 fixture (issue 9, item 3).

  kill9     SIGKILL at random moments and at exact points inside a checkpoint write (LS_TEST_KILL_AT),
            many times over one run that is resumed after each kill: every complete checkpoint left
            behind matches its manifest, the newest one resumes, and the run ends with every step in
            metrics.jsonl exactly once.
  diskfull  a run whose folder lies on a small tmpfs that is full: a one-line error, exit 1, the old
            checkpoints and adapter byte for byte intact, and once space is back the run resumes.
            Needs a mount namespace (root, or unprivileged user namespaces); otherwise exit 77 (skipped).
  corrupt   a flipped byte or a cut in any file of a checkpoint is refused on resume, naming the file.
  cancel    Ctrl-C (SIGINT) at random moments: the run stops cleanly (exit 130) and, once a step is done,
            leaves an adapter that equals its last checkpoint's and loads.

Usage: test_faults.py PATH/TO/lora-studio-cli FIXTURES_DIR MODE [--seed N]
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib

CLI, FX, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
SEED = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else int(time.time())
MODEL = os.path.join(FX, "models", "llama3")
rng = random.Random(SEED)
passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print("[ PASS ]", name, flush=True)


def bad(name, why):
    global failed
    failed += 1
    print("[ FAIL ]", name + ":", why, flush=True)


def check(cond, name, why=""):
    (ok if cond else lambda n: bad(n, why))(name)
    return cond


def write_data(path, n=16):
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"instruction": "Name thing %d" % i, "output": "ANSWER: x%d." % (i % 4)}) + "\n")
    return path


def train_args(data, out, steps, extra=()):
    return ["train", "--model", MODEL, "--data", data, "--rank", "4", "--targets", "all-linear", "--steps",
            str(steps), "--checkpoint-every", "1", "--seq", "32", "--batch", "2", "--out", out, "--quiet"] + list(extra)


def run(argv, env=None, timeout=120):
    r = subprocess.run([CLI] + argv, capture_output=True, text=True, env=dict(os.environ, **(env or {})),
                       timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def checkpoints(run_dir):
    """Complete checkpoint folders (step-N with a manifest), oldest first; .partial and .old are not."""
    d = os.path.join(run_dir, "checkpoints")
    if not os.path.isdir(d):
        return []
    out = []
    for name in os.listdir(d):
        if name.startswith("step-") and name[5:].isdigit() and os.path.isfile(os.path.join(d, name, "manifest.json")):
            out.append((int(name[5:]), os.path.join(d, name)))
    return [p for _, p in sorted(out)]


def manifest_problem(ckpt):
    """None when every file of the checkpoint matches its manifest (size and CRC-32), else what differs."""
    try:
        m = json.load(open(os.path.join(ckpt, "manifest.json")))
    except Exception as e:  # noqa: BLE001
        return "manifest unreadable: %r" % e
    for name in ("adapter_model.safetensors", "adapter_config.json", "optimizer.safetensors", "trainer_state.json"):
        if name not in m.get("files", {}):
            return "manifest lacks " + name
    for name, info in m["files"].items():
        p = os.path.join(ckpt, name)
        if not os.path.isfile(p):
            return name + " missing"
        data = open(p, "rb").read()
        if len(data) != info["bytes"] or (zlib.crc32(data) & 0xFFFFFFFF) != info["crc32"]:
            return name + " differs from the manifest"
    return None


def metrics_steps(run_dir):
    steps = []
    with open(os.path.join(run_dir, "metrics.jsonl"), "rb") as f:
        for line in f:
            steps.append(json.loads(line)["step"])
    return steps


def one_error_line(err):
    lines = err.strip("\n").split("\n") if err.strip() else []
    return len(lines) == 1 and lines[0].startswith("error: ")


# ---------------------------------------------------------------- kill -9

def mode_kill9(tmp):
    total = 400
    data = write_data(os.path.join(tmp, "d.jsonl"))
    run_dir = os.path.join(tmp, "run")
    # Exact points inside the checkpoint write first, then random moments (some land mid-write: the
    # test watches for a step-N.partial folder and kills as soon as one appears).
    points = ["checkpoint-adapter", "checkpoint-optimizer", "checkpoint-manifest", "checkpoint-renamed",
              "metrics-append"]
    plan = [("point", p) for p in points] + [("partial", None)] * 10 + [("random", None)] * 16
    kills = mid_write = 0
    problems = []
    for i, (how, point) in enumerate(plan):
        latest = checkpoints(run_dir)
        if latest:
            argv = ["train", "--resume", latest[-1], "--quiet"]
            start_step = int(os.path.basename(latest[-1])[5:])
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
            argv = train_args(data, run_dir, total)
            start_step = 0
        if start_step >= total - 2:
            break
        env = {}
        if how == "point":
            env["LS_TEST_KILL_AT"] = "%s:%d" % (point, start_step + 2)
        p = subprocess.Popen([CLI] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=dict(os.environ, **env))
        if how == "partial":
            ck = os.path.join(run_dir, "checkpoints")
            deadline = time.monotonic() + 30
            seen = False
            while time.monotonic() < deadline and p.poll() is None:
                try:
                    names = os.listdir(ck)
                except FileNotFoundError:
                    names = []
                if any(n.endswith(".partial") for n in names) and len(checkpoints(run_dir)) > 0 and (
                        max(int(os.path.basename(c)[5:]) for c in checkpoints(run_dir)) > start_step):
                    p.send_signal(signal.SIGKILL)
                    seen = True
                    break
            if not seen and p.poll() is None:
                p.send_signal(signal.SIGKILL)
        elif how == "random":
            # A random number of steps past the resume point, then anywhere inside the next step: counted in
            # steps, not seconds, so a fast machine does not finish the run before the plan is through.
            target = start_step + rng.randint(1, 8)
            metrics = os.path.join(run_dir, "metrics.jsonl")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and p.poll() is None:
                try:
                    done = len(open(metrics, "rb").read().splitlines())
                except FileNotFoundError:
                    done = 0
                if done >= target:
                    break
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.05))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        if p.returncode == -signal.SIGKILL:
            kills += 1
            ck = os.path.join(run_dir, "checkpoints")
            if os.path.isdir(ck) and any(n.endswith(".partial") for n in os.listdir(ck)):
                mid_write += 1
        elif p.returncode != 0:
            problems.append("run %d ended with %d: %s" % (i, p.returncode, p.stderr.read()[-300:]))
        # Whatever was killed, every complete checkpoint must be whole.
        for c in checkpoints(run_dir):
            prob = manifest_problem(c)
            if prob:
                problems.append("after kill %d (%s): %s: %s" % (i, how, os.path.basename(c), prob))
                if os.environ.get("LS_FAULTS_DEBUG"):
                    print("DEBUG", i, how, start_step, sorted(os.listdir(os.path.join(run_dir, "checkpoints"))),
                          sorted(os.listdir(c)))
        if how == "point" and p.returncode == -signal.SIGKILL:
            newest = checkpoints(run_dir)[-1]
            expect = start_step + (2 if point == "checkpoint-renamed" else 1)
            if int(os.path.basename(newest)[5:]) != expect:
                problems.append("killed at %s: newest checkpoint %s, expected step %d" % (point, newest, expect))
            if point == "metrics-append" and open(os.path.join(run_dir, "metrics.jsonl"), "rb").read().endswith(b"\n"):
                problems.append("killed at metrics-append: metrics.jsonl does not end in half a line")
    check(kills >= 25, "kill -9: the process was killed many times (%d kills, %d mid-checkpoint-write)" % (
        kills, mid_write), "only %d kills" % kills)
    check(mid_write >= 5, "kill -9: kills landed inside checkpoint writes (%d)" % mid_write,
          "only %d kills found a .partial folder" % mid_write)
    check(not problems, "kill -9: every complete checkpoint left behind matches its manifest", "; ".join(problems[:5]))
    # Resume the newest and finish.
    latest = checkpoints(run_dir)[-1]
    rc, out, err = run(["train", "--resume", latest, "--quiet"])
    check(rc == 0 and ("finished %d steps" % total) in out, "kill -9: the newest checkpoint resumes and the run finishes",
          "rc %d: %s" % (rc, err[-300:]))
    steps = metrics_steps(run_dir)
    check(steps == list(range(1, total + 1)), "kill -9: metrics.jsonl has every step exactly once",
          "steps %s" % steps)
    rc, out, err = run(["eval", "--model", MODEL, "--adapter", os.path.join(run_dir, "adapter"), "--data", data,
                        "--seq", "32"])
    check(rc == 0, "kill -9: the final adapter loads", err[-300:])
    print("kill -9 figures: %d kills, %d inside a checkpoint write, seed %d" % (kills, mid_write, SEED))


# ---------------------------------------------------------------- full disk

def mode_diskfull(tmp):
    if os.environ.get("LS_FAULTS_IN_TMPFS") != "1":
        mnt = os.path.join(tmp, "small")
        os.makedirs(mnt)
        inner = [sys.executable, os.path.abspath(__file__), CLI, FX, "diskfull", "--seed", str(SEED)]
        script = 'mount -t tmpfs -o size=3m tmpfs "$1" || exit 77; shift; LS_FAULTS_TMPFS="$0" LS_FAULTS_IN_TMPFS=1 exec "$@"'
        for prefix in (["unshare", "-m", "--propagation", "private"], ["unshare", "-r", "-m", "--propagation", "private"]):
            if not shutil.which(prefix[0]):
                continue
            r = subprocess.run(prefix + ["sh", "-c", script, mnt, mnt] + inner)
            if r.returncode != 77:
                sys.exit(r.returncode)
        print("[ SKIP ] full disk: no tmpfs could be mounted (needs root or unprivileged user namespaces)")
        sys.exit(77)

    mnt = os.environ["LS_FAULTS_TMPFS"]
    data = write_data(os.path.join(tmp, "d.jsonl"))  # the data lies outside the small disk
    run_dir = os.path.join(mnt, "run")
    # A first run, cancelled (Ctrl-C) after a few steps: an adapter and checkpoints, many steps still to go.
    p = subprocess.Popen([CLI] + train_args(data, run_dir, 100000), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    metrics = os.path.join(run_dir, "metrics.jsonl")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        if os.path.exists(metrics) and len(open(metrics, "rb").read().splitlines()) >= 4:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    if not check(p.returncode == 130 and os.path.isdir(os.path.join(run_dir, "adapter")),
                 "full disk: a first run fits (cancelled with an adapter)", "rc %d %r" % (p.returncode, err[-300:])):
        return

    def snapshot():
        files = {}
        for root, _, names in os.walk(run_dir):
            for n in names:
                p = os.path.join(root, n)
                files[os.path.relpath(p, run_dir)] = open(p, "rb").read()
        return files

    def fill():
        """Fills the disk; returns the filler's path."""
        filler = os.path.join(mnt, "filler")
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        return filler

    # Each byte count left free makes a different write fail first (metrics, adapter file, optimizer, manifest).
    failures = 0
    for leave in (0, 2048, 24 * 1024, 60 * 1024, 90 * 1024, 150 * 1024):
        before = snapshot()
        newest_before = int(os.path.basename(checkpoints(run_dir)[-1])[5:])
        filler = fill()
        if leave:
            with open(filler, "r+b") as f:
                f.truncate(max(0, os.path.getsize(filler) - leave))
        latest = checkpoints(run_dir)[-1]
        rc, out, err = run(["train", "--resume", latest, "--quiet"] + [])
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        os.remove(filler)
        name = "full disk (%d KiB left)" % (leave // 1024)
        msg_ok = rc == 1 and one_error_line(err) and ("No space left" in err or "disk full" in err)
        if rc == 0:
            # Enough room for the whole resumed run: then it must be complete and whole.
            check(all(manifest_problem(c) is None for c in checkpoints(run_dir)), name + ": finished, checkpoints whole")
            break
        failures += 1
        print("    %s: %s" % (name, err.strip()))
        check(msg_ok, name + ": one-line error naming the problem, exit 1", "rc %d, stderr %r" % (rc, err[-400:]))
        newest_after = int(os.path.basename(checkpoints(run_dir)[-1])[5:]) if checkpoints(run_dir) else -1
        check(newest_after >= newest_before, name + ": the newest checkpoint is still there (or a newer one)",
              "before step %d, after %d" % (newest_before, newest_after))
        after = snapshot()
        # Nothing that existed before may be damaged: checkpoints and adapter byte for byte (metrics.jsonl
        # may have gained lines of steps that trained before the failing write).
        damaged = [k for k, v in before.items() if k != "metrics.jsonl" and k in after and after[k] != v]
        lost = [k for k in before if k not in after and not k.startswith("checkpoints/")]
        check(not damaged and not lost, name + ": old adapter and checkpoints intact", "damaged %s lost %s" % (damaged, lost))
        check(all(manifest_problem(c) is None for c in checkpoints(run_dir)) and checkpoints(run_dir),
              name + ": every checkpoint left matches its manifest")
        del free
    check(failures >= 3, "full disk: %d runs stopped by the full disk" % failures)
    latest = checkpoints(run_dir)[-1]
    # Room again: the run resumes from its newest checkpoint and finishes (more steps via a fresh config).
    metrics = os.path.join(run_dir, "metrics.jsonl")
    lines_before = len(open(metrics, "rb").read().splitlines())
    p = subprocess.Popen([CLI, "train", "--resume", latest], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Ctrl-C once it trains (a new metrics line): earlier, on a loaded machine, the signal could arrive
    # before the CLI installs its handler and kill it outright.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        if len(open(metrics, "rb").read().splitlines()) > lines_before:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 130 and b"cancelled at step" in out,
          "full disk: after space is freed the run resumes, trains and saves", "rc %d %r" % (p.returncode, err[-300:]))
    steps = metrics_steps(run_dir)
    check(steps == list(range(1, len(steps) + 1)), "full disk: metrics.jsonl has every step once (%d)" % len(steps))
    rc, out, err = run(["eval", "--model", MODEL, "--adapter", os.path.join(run_dir, "adapter"), "--data", data,
                        "--seq", "32"])
    check(rc == 0, "full disk: the adapter loads", err[-300:])


# ---------------------------------------------------------------- corrupted checkpoint

def harmless_json_change(original, damaged):
    try:
        return json.loads(damaged) == json.load(open(original))
    except ValueError:
        return False


def mode_corrupt(tmp):
    data = write_data(os.path.join(tmp, "d.jsonl"))
    run_dir = os.path.join(tmp, "run")
    rc, out, err = run(train_args(data, run_dir, 2))
    if not check(rc == 0, "corrupt: a run to damage", err):
        return
    good = checkpoints(run_dir)[-1]
    files = sorted(os.listdir(good))
    cases = 0
    for name in files:
        size = os.path.getsize(os.path.join(good, name))
        for where in sorted({0, size // 2, size - 1, rng.randrange(size)}):
            for how in ("flip", "cut"):
                if how == "cut" and where == 0:
                    continue
                bad_ckpt = os.path.join(tmp, "bad", "checkpoints", "step-000002")
                shutil.rmtree(os.path.join(tmp, "bad"), ignore_errors=True)
                shutil.copytree(run_dir, os.path.join(tmp, "bad"))
                p = os.path.join(bad_ckpt, name)
                b = bytearray(open(p, "rb").read())
                if how == "flip":
                    b[where] ^= 0xFF
                else:
                    del b[where:]
                open(p, "wb").write(bytes(b))
                if name == "manifest.json" and harmless_json_change(os.path.join(good, name), bytes(b)):
                    continue  # e.g. the final newline cut: the manifest (not checksummed itself) says the same
                rc, out, err = run(["train", "--resume", bad_ckpt, "--quiet"])
                cases += 1
                named = name in err if name != "manifest.json" else ("manifest.json" in err or "step-000002" in err)
                if not (rc == 1 and one_error_line(err) and named):
                    bad("corrupt: %s %s at byte %d" % (how, name, where), "rc %d, stderr %r" % (rc, err[-300:]))
                    return
    ok("corrupt: %d damaged checkpoints (a flipped byte or a cut in each file) refused, naming the file" % cases)
    # (Given as a shell completes it, with a trailing slash.)
    rc, out, err = run(["train", "--resume", good + "/", "--quiet"])
    check(rc == 0, "corrupt: the undamaged checkpoint still resumes", err[-300:])


# ---------------------------------------------------------------- cancel

def mode_cancel(tmp):
    data = write_data(os.path.join(tmp, "d.jsonl"))
    rounds = 12
    with_adapter = 0
    for i in range(rounds):
        run_dir = os.path.join(tmp, "run%d" % i)
        # Not quiet: the "loading" line shows the Ctrl-C handler is installed (a Ctrl-C before that is the
        # shell's business, not the run's).
        argv = train_args(data, run_dir, 400)
        argv.remove("--quiet")
        p = subprocess.Popen([CLI] + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        err_lines = []
        ready = threading.Event()

        def reader():
            for line in p.stderr:
                err_lines.append(line)
                if line.startswith("loading"):
                    ready.set()
            ready.set()

        t = threading.Thread(target=reader)
        t.start()
        ready.wait(30)
        # A few rounds cancel at once (during loading or the first step), the rest at random moments.
        time.sleep(0 if i < 3 else rng.uniform(0.05, 1.5))
        p.send_signal(signal.SIGINT)
        out = p.stdout.read()
        p.wait(timeout=60)
        t.join()
        name = "cancel %d" % i
        if p.returncode != 130:
            bad(name, "exit %d, stderr %s" % (p.returncode, "".join(err_lines)[-300:]))
            continue
        steps = metrics_steps(run_dir) if os.path.exists(os.path.join(run_dir, "metrics.jsonl")) else []
        if not steps:
            check(not os.path.exists(os.path.join(run_dir, "adapter")) and "cancelled at step 0" in out,
                  name + ": cancelled before the first step, nothing to keep", out)
            continue
        adapter = os.path.join(run_dir, "adapter", "adapter_model.safetensors")
        ckpts = checkpoints(run_dir)
        same = (os.path.isfile(adapter) and ckpts and
                open(adapter, "rb").read() == open(os.path.join(ckpts[-1], "adapter_model.safetensors"), "rb").read())
        good = (same and steps == list(range(1, len(steps) + 1)) and
                os.path.basename(ckpts[-1]) == "step-%06d" % len(steps) and manifest_problem(ckpts[-1]) is None)
        if check(good, name + ": after %d steps an adapter equal to checkpoint step-%06d" % (len(steps), len(steps)),
                 "steps %s, checkpoints %s" % (steps[-3:], [os.path.basename(c) for c in ckpts])):
            with_adapter += 1
    rc, out, err = run(["eval", "--model", MODEL, "--adapter", os.path.join(tmp, "run%d" % (rounds - 1), "adapter"),
                        "--data", data, "--seq", "32"])
    check(rc == 0, "cancel: the adapter loads", err[-300:])
    check(with_adapter >= rounds - 4, "cancel: most rounds got past the first step (%d of %d)" % (with_adapter, rounds))


tmp = tempfile.mkdtemp(prefix="ls_faults_")
try:
    {"kill9": mode_kill9, "diskfull": mode_diskfull, "corrupt": mode_corrupt, "cancel": mode_cancel}[MODE](tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print("%s: %d passed, %d failed (seed %d)" % (MODE, passed, failed, SEED))
sys.exit(1 if failed else 0)
