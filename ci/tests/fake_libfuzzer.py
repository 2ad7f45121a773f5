#!/usr/bin/env python3
"""A stand-in for a libFuzzer binary, for testing ci/nightly without fuzzing:
it speaks the same command line and writes the same kinds of files, and its
environment says how slow to be and what to "find".

  fuzzing (-fork/-max_total_time): writes FAKE_FUZZER_NEW new inputs (named by
      their sha1, as libFuzzer names them) into the first folder, and one
      crash-<sha1> file per comma-separated content in FAKE_FUZZER_CRASHES
      into -artifact_prefix;
  merging (-set_cover_merge=1 OUT IN...): writes its pid into
      FAKE_FUZZER_MERGE_MARKER, sleeps FAKE_FUZZER_MERGE_SLEEP seconds, then
      copies IN's files missing from OUT into OUT, each in two halves with a
      pause between (so a kill can leave a partial file in OUT);
  one input file: contents starting with CRASH-<letter> print a sanitizer
      report whose stack depends on the letter, and exit 1; contents
      starting with WRONG-<function> print the oracle's wrong result in that
      call and the one abort stack every oracle difference shares;
  every run: appends IOVCHECK_PROFILE (or "unset") to FAKE_FUZZER_PROFILE_LOG;
  -minimize_crash=1: copies the input to -exact_artifact_path.
"""
import hashlib
import os
import sys
import time

STACKS = {
    "A": ["iov_alpha", "iov_beta", "LLVMFuzzerTestOneInput"],
    "B": ["iov_gamma", "LLVMFuzzerTestOneInput"],
}


ORACLE_ABORT = ["abort", "iovcheck::fuzz::check_input", "LLVMFuzzerTestOneInput", "fuzzer::RunOneTest", "main"]


def print_wrong_result(function):
    print("fuzz_fake: the implementation differs from the model (strict mode)")
    print("call:     %s(slot 0, off 1)" % function)
    print("what:     return value\nexpected: 1\nactual:   0")
    print("==1== ERROR: libFuzzer: deadly signal")
    for i, fn in enumerate(ORACLE_ABORT):
        print("    #%d 0x%x in %s /src/fuzz/target.cpp:%d:3" % (i, 0x2000 + i, fn, 50 + i))
    print("SUMMARY: libFuzzer: deadly signal")


def main(argv):
    profile_log = os.environ.get("FAKE_FUZZER_PROFILE_LOG")
    if profile_log:
        with open(profile_log, "a") as f:
            f.write(os.environ.get("IOVCHECK_PROFILE", "unset") + "\n")
    flags = dict(a[1:].split("=", 1) for a in argv if a.startswith("-") and "=" in a)
    paths = [a for a in argv if not a.startswith("-")]
    if "set_cover_merge" in flags or "merge" in flags:
        out, inputs = paths[0], paths[1:]
        marker = os.environ.get("FAKE_FUZZER_MERGE_MARKER")
        if marker:
            with open(marker, "w") as f:
                f.write(str(os.getpid()))
        time.sleep(float(os.environ.get("FAKE_FUZZER_MERGE_SLEEP", "0")))
        present = set(os.listdir(out))
        for d in inputs:
            for name in sorted(os.listdir(d)):
                if name in present:
                    continue
                data = open(os.path.join(d, name), "rb").read()
                with open(os.path.join(out, name), "wb") as f:
                    f.write(data[: len(data) // 2])
                    f.flush()
                    time.sleep(0.05)
                    f.write(data[len(data) // 2:])
        print("MERGE-OUTER: done")
        return 0
    if flags.get("minimize_crash") == "1":
        data = open(paths[-1], "rb").read()
        with open(flags["exact_artifact_path"], "wb") as f:
            f.write(data)
        return 0
    if len(paths) == 1 and os.path.isfile(paths[0]):
        data = open(paths[0], "rb").read()
        if data.startswith(b"WRONG-"):
            print_wrong_result(data[6:].decode().split()[0])
            return 1
        if data.startswith(b"CRASH-"):
            frames = STACKS.get(chr(data[6]), ["iov_other"])
            print("==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602")
            for i, fn in enumerate(["__asan_memcpy"] + frames + ["fuzzer::RunOneTest", "main"]):
                print("    #%d 0x%x in %s /src/x.cpp:%d:3" % (i, 0x1000 + i, fn, 10 + i))
            print("SUMMARY: AddressSanitizer: heap-buffer-overflow /src/x.cpp:11:3 in %s" % frames[0])
            return 1
        return 0
    out = paths[0]
    tag = os.environ.get("FAKE_FUZZER_TAG", "")
    for i in range(int(os.environ.get("FAKE_FUZZER_NEW", "5"))):
        data = ("new input %d %s" % (i, tag)).encode() * 8
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    prefix = flags.get("artifact_prefix", "./")
    crashes = [c for c in os.environ.get("FAKE_FUZZER_CRASHES", "").split(",") if c]
    for content in crashes:
        data = content.encode()
        with open(prefix + "crash-" + hashlib.sha1(data).hexdigest(), "wb") as f:
            f.write(data)
    print("#4096: cov: 10 ft: 12 corp: 3 exec/s 0 oom/timeout/crash: 0/0/%d time: 1s job: 1"
          % len(crashes), flush=True)
    time.sleep(float(os.environ.get("FAKE_FUZZER_FUZZ_SLEEP", "0.2")))
    print("INFO: exiting: 0 time: 1s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
