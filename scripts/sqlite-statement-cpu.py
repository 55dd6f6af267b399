#!/usr/bin/env python3
"""CPU per statement with the product's SQLite (the e_sqlite3 of a build output), for a copy of a benchmark's database.

Debian's sqlite3 shell (3.40) cannot read the catalog's schema (UPDATE ... AS in the facet triggers), and timing with
another SQLite version would not be the product's anyway. This loads libe_sqlite3.so with ctypes, runs each statement
twice to warm up, then N times (prepare, step every row, finalize), and prints the process CPU per run.

usage: scripts/sqlite-statement-cpu.py DB N NAME=SQL [NAME=SQL ...]
       (LIBE_SQLITE3: the library, by default the Benchmarks' Release output, linux-x64)
"""
import ctypes, os, sys, time

LIB = os.environ.get("LIBE_SQLITE3", os.path.join(os.path.dirname(__file__), "..",
    "tests/SolidarityMarket.Benchmarks/bin/Release/net10.0/runtimes/linux-x64/native/libe_sqlite3.so"))
ctypes.CDLL("libm.so.6", mode=ctypes.RTLD_GLOBAL)  # e_sqlite3 is not linked against libm
lib = ctypes.CDLL(LIB)
lib.sqlite3_libversion.restype = ctypes.c_char_p
lib.sqlite3_errmsg.restype = ctypes.c_char_p


def run(db, sql):
    stmt = ctypes.c_void_p()
    if lib.sqlite3_prepare_v2(db, sql.encode(), -1, ctypes.byref(stmt), None):
        raise RuntimeError(lib.sqlite3_errmsg(db).decode())
    try:
        while True:
            rc = lib.sqlite3_step(stmt)
            if rc == 101:  # SQLITE_DONE
                return
            if rc != 100:  # SQLITE_ROW
                raise RuntimeError(lib.sqlite3_errmsg(db).decode())
    finally:
        lib.sqlite3_finalize(stmt)


def main():
    path, n, statements = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    db = ctypes.c_void_p()
    if lib.sqlite3_open(path.encode(), ctypes.byref(db)):
        raise RuntimeError(f"cannot open {path}")
    for statement in statements:
        name, sql = statement.split("=", 1)
        run(db, sql)
        run(db, sql)
        start = time.process_time()
        for _ in range(n):
            run(db, sql)
        cpu = 1000 * (time.process_time() - start) / n
        print(f"{os.path.basename(path):12} {name:14} {cpu:6.2f} ms CPU/statement (n={n}, SQLite {lib.sqlite3_libversion().decode()})")


if __name__ == "__main__":
    main()
