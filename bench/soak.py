"""Soak: the whole site under a mixed load for a bounded time, then a check that nothing was lost.
Prints figures and a verdict; exits 1 if anything was lost or any request failed.

    python bench/soak.py --seconds 120      # PostgreSQL (SOAK_POSTGRES_URL), Redis (SOAK_REDIS_URL)

As deployed: a fresh PostgreSQL database (`<name>_soak`) with the demo site, gunicorn with the
production settings (alliance.settings.e2e: production over plain HTTP, mail to files), the page
cache and the task queue on Redis, one RQ worker (`manage.py rqworker default`). Real HTTP with
`requests` sessions, CSRF tokens and file uploads. Each simulated person has a client address of
its own, sent as the one reverse proxy in front would (`X-Forwarded-For`, `TRUSTED_PROXY_COUNT=1`):
the rate limits and the login lockout stay on and see 200 people, not one.

While it runs: applicants register, fill in the application with a letter and two supporting files
and submit (up to `--applicants`, 200); the secretariat accepts submitted applications for
discussion and closes a discussion once every council member has voted; `--council` (20) council
accounts vote on every application in discussion; member units search; anonymous visitors browse.
Then the queue is drained and the verdict checks: every submitted application is there with every
file, byte for byte (SHA-256); every vote is counted once (one row per voter and application, and
each closed discussion's recorded tally equals its votes); every outbox row was sent, and the mail
files hold exactly one message per row.
"""

import argparse
import hashlib
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

from scripts import live_server  # noqa: E402

PASSWORD = "Soak-Pass-2026-x9"  # noqa: S105 - a throw-away database
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BROWSE = ["/", "/news/", "/events/", "/resources/", "/publications/", "/about/", "/charter/"]
SEARCHES = ["课程", "数控", "护理", "教材", "技能大赛", "汽车", "会计"]


class Recorder:
    """Latency and outcome of every request, by kind; the first few error bodies."""

    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = []

    def call(self, kind: str, session: requests.Session, method: str, url: str, ok=(200, 302), **kwargs):
        started = time.perf_counter()
        try:
            response = session.request(method, url, timeout=60, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            response, status = None, repr(error)
        else:
            status = response.status_code
        elapsed = time.perf_counter() - started
        with self.lock:
            self.timings[kind].append(elapsed)
            if status not in ok:
                self.errors[kind] += 1
                if len(self.samples) < 5:
                    body = response.text[:600] if response is not None else ""
                    self.samples.append(f"{kind} {method} {url} -> {status}\n{body}")
        return response if status in ok else None


def person(base_url: str, number: int) -> requests.Session:
    """A browser of its own behind the proxy: its own cookies and client address."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    session.base_url = base_url
    return session


def csrf(session: requests.Session) -> str:
    return session.cookies.get("csrftoken", "")


def log_in(rec: Recorder, session, username: str) -> bool:
    url = session.base_url + "/accounts/login/"
    rec.call("login", session, "GET", url)
    response = rec.call(
        "login", session, "POST", url,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf(session)},
        headers={"Referer": url}, ok=(302,),
    )  # fmt: skip
    return response is not None


# --- the people -----------------------------------------------------------------------------------
def applicant(rec: Recorder, base_url: str, number: int, submitted: list, lock: threading.Lock) -> None:
    session = person(base_url, 1000 + number)
    url = base_url + "/accounts/register/"
    rec.call("register", session, "GET", url)
    username = f"soak_applicant_{number}"
    registered = rec.call(
        "register", session, "POST", url, ok=(302,), headers={"Referer": url},
        data={"username": username, "first_name": f"申请人{number}", "email": f"{username}@school.example.org",
              "password1": PASSWORD, "password2": PASSWORD, "homepage": "", "csrfmiddlewaretoken": csrf(session)},
    )  # fmt: skip
    if registered is None:
        return
    url = base_url + "/membership/apply/"
    rec.call("apply form", session, "GET", url)
    files = {
        "letter": (f"入会申请书-{number}.pdf", PDF + f"% applicant {number} letter\n".encode(), "application/pdf"),
        "supporting": [
            (f"办学许可证-{number}-{k}.pdf", PDF + f"% applicant {number} file {k}\n".encode() * (50 * k + 1),
             "application/pdf")
            for k in (1, 2)
        ],
    }  # fmt: skip
    upload = [("letter", files["letter"])] + [("supporting", item) for item in files["supporting"]]
    data = {
        "name": f"浙江省第{number}中等职业学校", "unit_type": "school", "region": "浙江省",
        "address": f"杭州市测试路 {number} 号", "representative": "王校长", "representative_title": "校长",
        "contact_name": "李老师", "contact_phone": "0571-12345678", "contact_email": f"{username}@school.example.org",
        "statement": "愿意参与联席会的合作。", "homepage": "", "submit": "1", "csrfmiddlewaretoken": csrf(session),
    }  # fmt: skip
    response = rec.call("apply + submit", session, "POST", url, data=data, files=upload, ok=(302,),
                        headers={"Referer": url})  # fmt: skip
    if response is None:
        return
    match = re.search(r"/membership/applications/([0-9a-f-]{36})/", response.headers.get("Location", ""))
    detail = rec.call("application page", session, "GET", base_url + response.headers["Location"])
    if match and detail is not None and "已提交" in detail.text:
        checksums = sorted(hashlib.sha256(content).hexdigest() for _, (_, content, _) in upload)
        with lock:
            submitted.append((match.group(1), checksums))
    elif detail is not None:
        with rec.lock:
            rec.errors["apply + submit (not submitted)"] += 1
            if len(rec.samples) < 5:
                rec.samples.append(f"not submitted: {response.headers.get('Location')}\n{detail.text[:600]}")


def admin_post(rec: Recorder, kind: str, session, path: str, data: dict) -> bool:
    inspect = session.base_url + re.sub(r"/(transition/\w+|vote)/$", "/", path).replace(
        "/membership/applications/", "/membership/applications/inspect/"
    )
    rec.call(f"{kind} (page)", session, "GET", inspect)
    response = rec.call(kind, session, "POST", session.base_url + path, ok=(302,),
                        data={**data, "csrfmiddlewaretoken": csrf(session)}, headers={"Referer": inspect})  # fmt: skip
    return response is not None


def council_member(rec, base_url, username, number, stop, voted: set, lock) -> None:
    from membership.models import ApplicationState, MembershipApplication

    session = person(base_url, 200 + number)
    if not log_in(rec, session, username):
        return
    while not stop.is_set():
        open_ones = list(
            MembershipApplication.objects.filter(state=ApplicationState.IN_DISCUSSION).values_list("pk", flat=True)
        )
        todo = [pk for pk in open_ones if (pk, username) not in voted]
        for pk in todo[:3]:
            if admin_post(rec, "vote", session, f"/admin/membership/applications/{pk}/vote/",
                          {"choice": "support", "comment": "同意"}):  # fmt: skip
                with lock:
                    voted.add((pk, username))
        time.sleep(0.5 if todo else 2)


def secretariat(rec, base_url, stop, council_size: int, closed: list) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from membership.models import ApplicationState, MembershipApplication
    from workflows.models import Vote

    session = person(base_url, 100)
    if not log_in(rec, session, "secretariat"):
        return
    content_type = ContentType.objects.get_for_model(MembershipApplication)
    while not stop.is_set():
        submitted = MembershipApplication.objects.filter(state=ApplicationState.SUBMITTED).values_list("pk", flat=True)
        for pk in list(submitted)[:3]:
            admin_post(rec, "staff step", session, f"/admin/membership/applications/{pk}/transition/accept_for_discussion/",
                       {"comment": "材料齐全"})  # fmt: skip
        discussed = MembershipApplication.objects.filter(state=ApplicationState.IN_DISCUSSION).values_list(
            "pk", flat=True
        )
        counts = dict(
            Vote.objects.filter(content_type=content_type, object_id__in=list(discussed))
            .values_list("object_id").annotate(n=Count("pk"))
        )  # fmt: skip
        for pk in [pk for pk in discussed if counts.get(pk, 0) >= council_size][:3]:
            if admin_post(rec, "staff step", session,
                          f"/admin/membership/applications/{pk}/transition/close_discussion/", {"comment": "表决结束"}):  # fmt: skip
                closed.append(pk)
        time.sleep(1)


def searcher(rec, base_url, number, stop) -> None:
    session = person(base_url, 300 + number)
    if not log_in(rec, session, "member"):
        return
    while not stop.is_set():
        rec.call("member search", session, "GET", base_url + "/search/", params={"q": random.choice(SEARCHES)})
        time.sleep(0.2)


def visitor(rec, base_url, number, stop) -> None:
    while not stop.is_set():
        session = person(base_url, 5000 + number * 1000 + random.randrange(1000))
        for path in random.sample(BROWSE, 3):
            rec.call("anonymous page", session, "GET", base_url + path)
        time.sleep(0.1)


# --- setting up and checking ----------------------------------------------------------------------
def prepare(env: dict, council_size: int) -> None:
    from django.contrib.auth.models import User

    from core import roles

    for name in ("secretariat", "member", "council", "chair"):
        User.objects.get(username=name)  # the demo's accounts (load_demo --password)
    group = roles.group(roles.COUNCIL)
    for n in range(council_size - group.user_set.count()):
        user = User.objects.create_user(f"soak_council_{n}", f"soak_council_{n}@example.org", PASSWORD)
        group.user_set.add(user)
    for user in User.objects.filter(
        username__in=["secretariat", "member", *group.user_set.values_list("username", flat=True)]
    ):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def council_usernames() -> list[str]:
    from core import roles

    return sorted(roles.group(roles.COUNCIL).user_set.values_list("username", flat=True))


def mail_messages(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(
        sum(1 for line in path.read_text(errors="replace").splitlines() if line.startswith("Message-ID:"))
        for path in folder.iterdir()
    )


def verdict(submitted: list, voted: set, closed: list, mail_folder: Path) -> list[str]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from membership.models import ApplicationState, MembershipApplication
    from workflows.models import OutboxMail, TransitionLog, Vote

    lost = []
    for public_id, checksums in submitted:
        application = MembershipApplication.objects.filter(public_id=public_id).first()
        if application is None or application.state == ApplicationState.DRAFT:
            lost.append(f"LOST: application {public_id} ({application and application.state})")
            continue
        stored = sorted(hashlib.sha256(f.file.open("rb").read()).hexdigest() for f in application.files.all())
        if stored != checksums:
            lost.append(f"LOST: application {public_id}: files {len(stored)} stored, {len(checksums)} sent, or differ")
    content_type = ContentType.objects.get_for_model(MembershipApplication)
    ours = {pk for pk, _ in voted} | set(closed)  # the demo's own votes are not the soak's
    votes = Vote.objects.filter(content_type=content_type, object_id__in=ours)
    doubled = votes.values("object_id", "voter_id").annotate(n=Count("pk")).filter(n__gt=1)
    if doubled:
        lost.append(f"LOST: {doubled.count()} voter/application pairs counted more than once")
    pairs = {(v.object_id, v.voter.username) for v in votes.select_related("voter") if v.voter}
    if missing := voted - pairs:
        lost.append(f"LOST: {len(missing)} votes answered 302 but not recorded, e.g. {sorted(missing)[:3]}")
    for pk in closed:
        entry = TransitionLog.objects.filter(
            content_type=content_type, object_id=pk, transition="close_discussion"
        ).first()
        tally = (entry.data or {}).get("tally", {}) if entry else {}
        counted = tally.get("cast")
        if entry is None or counted != votes.filter(object_id=pk).count():
            lost.append(f"LOST: application {pk}: tally {tally} against {votes.filter(object_id=pk).count()} votes")
    rows = OutboxMail.objects.count()
    unsent = OutboxMail.objects.filter(sent_at__isnull=True).count()
    messages = mail_messages(mail_folder)
    if unsent:
        lost.append(f"LOST: {unsent} of {rows} outbox mails never sent")
    if messages != rows - unsent:
        lost.append(f"LOST: {messages} mail messages written for {rows - unsent} sent outbox rows")
    print(f"\n## Verdict\napplications submitted {len(submitted)}, votes {len(voted)} ({votes.count()} rows), "
          f"discussions closed {len(closed)}, outbox rows {rows} (unsent {unsent}), mail messages {messages}")  # fmt: skip
    return lost


def drain(env: dict, worker: subprocess.Popen) -> str:
    import django_rq

    print(f"jobs still queued when the load stopped: {django_rq.get_queue('default').count}")
    deadline = time.monotonic() + 120
    while django_rq.get_queue("default").count and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(3)  # the job in hand
    worker.terminate()
    worker.wait(timeout=30)
    return subprocess.run(  # the sweep as cron runs it: what the queue did not send (expected: nothing)
        [sys.executable, "manage.py", "send_pending_mail", "--older-than", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def run_load(args, env, base_url) -> tuple:
    rec = Recorder()
    stop = threading.Event()
    submitted, voted, closed = [], set(), []
    lock = threading.Lock()
    council = council_usernames()[: args.council]
    threads = [threading.Thread(target=council_member, args=(rec, base_url, name, n, stop, voted, lock))
               for n, name in enumerate(council)]  # fmt: skip
    threads.append(threading.Thread(target=secretariat, args=(rec, base_url, stop, len(council), closed)))
    threads += [threading.Thread(target=searcher, args=(rec, base_url, n, stop)) for n in range(2)]
    threads += [threading.Thread(target=visitor, args=(rec, base_url, n, stop)) for n in range(2)]
    todo = queue.Queue()
    for number in range(args.applicants):
        todo.put(number)
    deadline = time.monotonic() + args.seconds

    def applicants():
        while time.monotonic() < deadline:
            try:
                number = todo.get_nowait()
            except queue.Empty:
                return
            applicant(rec, base_url, number, submitted, lock)

    appliers = [threading.Thread(target=applicants) for _ in range(args.applicant_threads)]
    started, cpu_started, load_before = time.perf_counter(), os.times(), os.getloadavg()
    for thread in threads + appliers:
        thread.start()
    time.sleep(max(0.0, deadline - time.monotonic()))
    for thread in appliers:
        thread.join()
    time.sleep(min(20, args.seconds / 4))  # let staff and council catch up with the last applications
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return rec, submitted, voted, closed, elapsed, load_before, os.getloadavg(), cpu_started


def percentile(timings: list[float], q: float) -> float:
    """Milliseconds; `timings` sorted."""
    return timings[min(len(timings) - 1, int(len(timings) * q))] * 1000


def report(rec: Recorder, elapsed: float, load_before, load_after) -> None:
    total = sum(len(t) for t in rec.timings.values())
    errors = sum(rec.errors.values())
    print(f"\n## Load: {total} requests in {elapsed:.0f} s = {total / elapsed:.1f} req/s, {errors} errors; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} / {load_after[1]:.2f} / "
          f"{load_after[2]:.2f} after ({os.cpu_count()} cores)")  # fmt: skip
    print(f"{'kind':26} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    for kind in sorted(rec.timings):
        timings = sorted(rec.timings[kind])
        print(f"{kind:26} {len(timings):8d} {percentile(timings, 0.5):8.0f} {percentile(timings, 0.95):8.0f} {timings[-1] * 1000:8.0f} "
              f"{rec.errors.get(kind, 0):6d}")  # fmt: skip
    for kind, count in rec.errors.items():
        if kind not in rec.timings:
            print(f"{kind:26} {'':8} {'':8} {'':8} {'':8} {count:6d}")
    for sample in rec.samples:
        print("--- error:", sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=120, help="how long applicants keep arriving")
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--applicant-threads", type=int, default=6, help="applicants in flight at once")
    parser.add_argument("--council", type=int, default=20)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="alliance-soak-"))
    like = os.environ.get("SOAK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/alliance")
    redis_url = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/7")
    env = live_server.server_env(
        workdir, live_server.fresh_database_url(workdir, like, suffix="soak"),
        REDIS_URL=redis_url, PAGE_CACHE_STAMP_FILE="", TRUSTED_PROXY_COUNT="1",
    )  # fmt: skip
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    print(f"# soak: {args.seconds} s, {args.applicants} applicants, {args.council} council, gunicorn "
          f"{args.workers} workers, PostgreSQL {env['DATABASE_URL'].rsplit('/', 1)[1]}, Redis {redis_url}; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    started = time.perf_counter()
    # The demo is loaded with tasks inline: its hundreds of indexing jobs are not the soak's queue.
    live_server.prepare_site({key: value for key, value in env.items() if key != "REDIS_URL"})
    print(f"(site prepared in {time.perf_counter() - started:.0f} s)")
    os.environ.update(env)
    import django

    django.setup()
    prepare(env, args.council)
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / "rqworker.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    try:
        with live_server.gunicorn(env, workdir, workers=args.workers) as base_url:
            rec, submitted, voted, closed, elapsed, load_before, load_after, _ = run_load(args, env, base_url)
        report(rec, elapsed, load_before, load_after)
        swept = drain(env, worker)
        print(f"sweep after the queue drained: {swept}")
        lost = verdict(submitted, voted, closed, workdir / "mail")
        errors = sum(rec.errors.values())
        for line in lost:
            print(line)
        print(f"verdict: {'OK' if not lost and not errors else 'FAILED'} — {len(lost)} lost, {errors} errors")
        sys.exit(1 if lost or errors else 0)
    finally:
        if worker.poll() is None:
            worker.kill()
        from django.db import connections

        connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
