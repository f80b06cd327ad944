"""The few libsodium calls the tests need, through ctypes on the library the
server links (no Python package): a scrutineer's one-time key pair and the
opening of what is sealed to it (crypto_box_seal), as the web app does with
libsodium.js."""
import ctypes
import ctypes.util

_lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
if _lib.sodium_init() < 0:
    raise RuntimeError("libsodium cannot start")
SEALBYTES = _lib.crypto_box_sealbytes()


def keypair():
    """(public key, secret key), 32 bytes each."""
    pk, sk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(32)
    if _lib.crypto_box_keypair(pk, sk) != 0:
        raise RuntimeError("crypto_box_keypair failed")
    return pk.raw, sk.raw


def seal(msg, pk):
    out = ctypes.create_string_buffer(len(msg) + SEALBYTES)
    if _lib.crypto_box_seal(out, msg, ctypes.c_ulonglong(len(msg)), pk) != 0:
        raise RuntimeError("crypto_box_seal failed")
    return out.raw


def seal_open(box, pk, sk):
    """The message sealed to pk, or ValueError when it does not open."""
    if len(box) < SEALBYTES:
        raise ValueError("too short to be a sealed box")
    out = ctypes.create_string_buffer(len(box) - SEALBYTES)
    if _lib.crypto_box_seal_open(out, box, ctypes.c_ulonglong(len(box)), pk, sk) != 0:
        raise ValueError("the box does not open with this key")
    return out.raw
