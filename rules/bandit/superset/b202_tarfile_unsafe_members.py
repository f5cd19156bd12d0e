# Bandit 1.7.5+ (B202); the installed Bandit may not run it.
import tarfile


def unpack(path, dest, pick):
    with tarfile.open(path) as archive:
        # ruleid: tarfile-extractall-unfiltered -- Bandit B202
        archive.extractall(dest)
        # ruleid: tarfile-extractall-unfiltered -- Bandit B202
        archive.extractall(dest, members=pick(archive))
        archive.extractall(dest, filter="data")
