import os
import shutil
import tarfile
import zipfile
from pathlib import Path


def unpack(upload, dest):
    with zipfile.ZipFile(upload) as zf:
        for name in zf.namelist():
            target = os.path.join(dest, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            # ruleid: archive-member-path
            with zf.open(name) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def unpack_info(upload, dest):
    zf = zipfile.ZipFile(upload)
    for info in zf.infolist():
        # ruleid: archive-member-path
        (Path(dest) / info.filename).write_bytes(zf.read(info))


def unpack_tar(path, dest):
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        for member in members:
            src = tar.extractfile(member)
            if src is None:
                continue
            # ruleid: archive-member-path
            with open(f"{dest}/{member.name}", "wb") as out:
                out.write(src.read())


def unpack_tar_members(path, dest):
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if member.isfile():
                # ruleid: archive-member-path
                tar.extract(member, dest)
            # ok: archive-member-path
            tar.extract(member, dest, filter="data")


def unpack_iterating(path, dest):
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            src = tar.extractfile(member)
            if src is not None:
                # ruleid: archive-member-path
                Path(dest, member.name).write_bytes(src.read())


def unpack_checked(upload, dest):
    root = os.path.realpath(dest)
    with zipfile.ZipFile(upload) as zf:
        for name in zf.namelist():
            target = os.path.realpath(os.path.join(root, name))
            if os.path.commonpath([root, target]) != root:
                raise ValueError(name)
            # ok: archive-member-path
            with open(target, "wb") as out:
                out.write(zf.read(name))


def unpack_with_helper(upload, dest, is_within_directory):
    with zipfile.ZipFile(upload) as zf:
        for info in zf.infolist():
            fn = os.path.join(dest, info.filename)
            if not is_within_directory(dest, fn):
                raise ValueError(fn)
            # ok: archive-member-path
            with open(fn, "wb") as out:
                out.write(zf.read(info))


def list_names(upload, dest):
    with zipfile.ZipFile(upload) as zf:
        for name in zf.namelist():
            # ok: archive-member-path
            with open(os.path.join(dest, "index.txt"), "a") as index:
                index.write(name + "\n")
            # ok: archive-member-path
            print(open(os.path.join(dest, name)).read())


def _advised_fix_archive_member_path(upload, dest):
    root = Path(dest).resolve()
    with zipfile.ZipFile(upload) as zf:
        for info in zf.infolist():
            target = (root / info.filename).resolve()
            if not target.is_relative_to(root):
                raise ValueError(info.filename)
            # fix: archive-member-path
            target.write_bytes(zf.read(info))
