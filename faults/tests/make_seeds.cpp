// Writes the hand-made seeds of fuzz_sendrecv_faults, one per fault kind
// and per edge of the contract, each a readable SendRecvCase encoded with
// encode_case():   faults_make_seeds corpus/fuzz_sendrecv_faults
#include <iovcheck/send_recv_case.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>

using namespace iovcheck::faults;

namespace {

SendRecvCase make(bool send, std::vector<size_t> lens, size_t offset, size_t bytes,
                  std::vector<Fault> schedule)
{
    SendRecvCase c;
    c.do_send = send;
    c.seg_len = std::move(lens);
    c.offset = offset;
    c.bytes = bytes;
    c.schedule = std::move(schedule);
    c.seed = 7;
    return c;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
        return 2;
    }
    const std::vector<size_t> three = {5, 0, 9, 3};  // 17 bytes
    std::vector<size_t> many(80, 2);                 // past the 64-entry window
    many[3] = 0;
    SendRecvCase aliasing = make(false, {8, 8, 4}, 2, 14, {Fault::transfer(3)});
    aliasing.seg_start = {0, 4, 6};
    const std::vector<std::pair<std::string, SendRecvCase>> seeds = {
        {"send-all", make(true, three, 0, 17, {})},
        {"recv-all", make(false, three, 1, 15, {})},
        {"send-partial", make(true, three, 2, 14, {Fault::transfer(1), Fault::transfer(4)})},
        {"recv-partial", make(false, three, 0, 17, {Fault::transfer(2), Fault::transfer(6)})},
        {"send-eintr", make(true, three, 0, 17, {Fault::eintr(), Fault::transfer(3), Fault::eintr()})},
        {"recv-eintr", make(false, three, 3, 10, {Fault::eintr(), Fault::eintr()})},
        {"send-eagain-before-progress", make(true, three, 0, 17, {Fault::eintr(), Fault::eagain()})},
        {"recv-eagain-before-progress", make(false, three, 4, 9, {Fault::eagain()})},
        {"send-eagain-after-progress", make(true, three, 0, 17, {Fault::transfer(5), Fault::eagain()})},
        {"recv-eagain-after-progress", make(false, three, 1, 16, {Fault::transfer(9), Fault::eagain()})},
        {"send-econnreset", make(true, three, 0, 17, {Fault::transfer(4), Fault::error(ECONNRESET)})},
        {"recv-econnreset", make(false, three, 0, 17, {Fault::error(ECONNRESET)})},
        {"send-epipe", make(true, three, 2, 12, {Fault::error(EPIPE)})},
        {"send-peer-gone", make(true, three, 0, 17, {Fault::transfer(2), Fault::peer_shutdown()})},
        {"recv-shutdown-after-progress", make(false, three, 0, 17, {Fault::transfer(6), Fault::peer_shutdown()})},
        {"recv-shutdown-at-once", make(false, three, 0, 17, {Fault::peer_shutdown()})},
        {"send-zero-bytes", make(true, three, 9, 0, {Fault::error(EPIPE)})},
        {"recv-zero-bytes-at-end", make(false, three, 17, 0, {Fault::eagain()})},
        {"send-80-segments", make(true, many, 1, 150, {Fault::transfer(7), Fault::eintr()})},
        {"recv-80-segments", make(false, many, 0, 158, {Fault::transfer(100), Fault::transfer(1)})},
        {"recv-aliasing", aliasing},
        {"send-offset-past-end", make(true, three, 18, 0, {})},
        {"recv-bytes-past-end", make(false, three, 10, 8, {})},
    };
    for (const auto &[name, c] : seeds) {
        const std::vector<uint8_t> bytes = encode_case(c);
        std::ofstream(std::string(argv[1]) + "/" + name, std::ios::binary)
            .write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        std::printf("%s: %s\n", name.c_str(), describe(c).c_str());
    }
    return 0;
}
