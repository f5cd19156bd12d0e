import os
import subprocess
from subprocess import call


def cases(dest):
    # ruleid: wildcard-injection
    os.system("tar czf backup.tgz *")
    # ruleid: wildcard-injection
    subprocess.run("chown -R app:app *", shell=True)
    # ruleid: wildcard-injection
    call(
        "cd /srv/upload && chmod 644 *",
        shell=True,
    )
    # ruleid: wildcard-injection
    os.popen("rsync -a * backup:/srv")
    # ruleid: wildcard-injection
    os.system("/bin/tar xzf *")
    # ruleid: wildcard-injection -- hygiene: guarded, or not the command
    os.system("tar czf backup.tgz -- *")
    # ruleid: wildcard-injection -- hygiene: guarded, or not the command
    os.system("tar czf backup.tgz ./*")
    # ruleid: wildcard-injection -- hygiene: guarded, or not the command
    os.system("start *")
    # ok: wildcard-injection
    subprocess.run(["tar", "czf", "backup.tgz", "*"])
    # ok: wildcard-injection
    subprocess.run("tar czf x.tgz *", shell=False)
    # ok: wildcard-injection
    os.system("tar czf backup.tgz data")
    # ok: wildcard-injection
    os.system("tar czf backup.tgz *")  # nosec B609
    # ok: wildcard-injection
    os.system("chmod 644 *")  # noqa: S609


def _advised_fix_wildcard_injection(names):
    import subprocess

    # fix: wildcard-injection
    subprocess.run(["tar", "czf", "out.tgz", "--", *names], check=True)
