// Programs checked per CPU second (not a test: timings never decide a
// pass).  Usage: oracle_throughput [programs] [sockets]
//   programs: how many checks (default 20000), alternating strict/lenient;
//   sockets:  any second argument lets the programs use iov_send_recv.
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <iovcheck/impl.h>
#include <iovcheck/oracle.h>

#include "random_programs.h"

int main(int argc, char **argv)
{
    using namespace iovcheck;
    const long count = argc > 1 ? std::atol(argv[1]) : 20000;
    const std::vector<Program> programs = random_programs(1000, argc > 2);
    size_t ops = 0;
    long failures = 0;
    const clock_t start = clock();
    for (long i = 0; i < count; i++) {
        CheckResult r = check(core_impl(), programs[i % programs.size()], i % 2 ? Mode::Strict : Mode::Lenient);
        ops += r.ops_run;
        if (!r.ok && failures++ == 0) {
            std::fputs(r.explanation.c_str(), stderr);
        }
    }
    const double cpu = double(clock() - start) / CLOCKS_PER_SEC;
    std::printf("%ld programs (%zu calls) in %.2f CPU s: %.0f programs per CPU second, %ld failed\n", count, ops,
                cpu, count / cpu, failures);
    return failures ? 1 : 0;
}
