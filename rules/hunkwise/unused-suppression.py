import subprocess

# ruleid: unused-suppression
y = 2  # hunkwise: ignore[subprocess-shell-true]
# ruleid: unused-suppression
count = 0  # hunkwise: ignore
# ok: unused-suppression
subprocess.run("ls", shell=True)  # hunkwise: ignore[subprocess-shell-true]
# ok: unused-suppression
x = 1  # nosec
# ok: unused-suppression
subprocess.run(["ls"])  # noqa: S602
# ok: unused-suppression
subprocess.run("ls", shell=True)  # nosec B602
# ok: unused-suppression
z = 3  # noqa: E501
# ok: unused-suppression
s = "# nosec inside a string is not a marker"


# fix: unused-suppression
fixed_count = 0
