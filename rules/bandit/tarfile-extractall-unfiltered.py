import tarfile
import zipfile
from tarfile import open as open_tar


def unpack(path, dest, safe_members):
    # ruleid: tarfile-extractall-unfiltered
    tarfile.open(path).extractall(dest)
    with tarfile.open(path, "r:gz") as tar:
        # ruleid: tarfile-extractall-unfiltered
        tar.extractall(path=dest)
        # ruleid: tarfile-extractall-unfiltered
        tar.extractall(dest, members=safe_members(tar))
        # ruleid: tarfile-extractall-unfiltered
        tar.extractall(dest, filter="fully_trusted")
        # ok: tarfile-extractall-unfiltered
        tar.extractall(dest, filter="data")
        # ok: tarfile-extractall-unfiltered
        tar.extractall(dest, filter=tarfile.data_filter)
    archive = open_tar(path)
    # ruleid: tarfile-extractall-unfiltered
    archive.extractall(
        dest,
    )
    # ok: tarfile-extractall-unfiltered
    archive.extractall(dest)  # nosec B202
    # ok: tarfile-extractall-unfiltered
    archive.extractall(dest)  # noqa: S202
    # ok: tarfile-extractall-unfiltered
    zipfile.ZipFile(path).extractall(dest)
    with zipfile.ZipFile(path) as zf:
        # ok: tarfile-extractall-unfiltered
        zf.extractall(dest)


def unknown(archive, dest):
    # todoruleid: tarfile-extractall-unfiltered
    archive.extractall(dest)


def _advised_fix_tarfile_extractall_unfiltered(archive, dest):
    import tarfile

    with tarfile.open(archive) as tar:
        # fix: tarfile-extractall-unfiltered
        tar.extractall(dest, filter="data")
