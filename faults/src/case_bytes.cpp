// The fuzz target's input format for a SendRecvCase.  Total: every byte
// string decodes to a case; missing bytes read as 0.
//
//   byte 0        flags: bit 0 send (else recv); bit 1 segments at chosen
//                 arena positions (may alias); bit 2 raw range (offset and
//                 bytes taken as they are, so they may break the contract)
//   byte 1        segment count, modulo 81 (up to 80: past the 64 entries
//                 of the no-allocation rule)
//   cnt bytes     segment lengths, modulo 64
//   cnt bytes     (bit 1 only) arena position of each segment
//   2 + 2 bytes   offset, bytes (little endian); unless raw, mapped into
//                 the contract: offset %= size + 1, bytes %= size - offset + 1
//   1 byte        seed of the memory and of the peer's bytes
//   2 bytes each  up to 32 faults: kind = b0 % 5 (transfer, EINTR, EAGAIN,
//                 error, shutdown); transfer limit = b1 + 1; error errno =
//                 ECONNRESET if b1 is even, else EPIPE
#include <iovcheck/send_recv_case.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace iovcheck::faults {
namespace {

constexpr unsigned kFlagSend = 1, kFlagPlaced = 2, kFlagRawRange = 4;
constexpr size_t kMaxSegments = 80;
constexpr size_t kMaxFaults = 32;
constexpr unsigned kFaultKinds = 5;

class Reader {
public:
    Reader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    size_t u16()
    {
        const size_t low = byte();
        return low | size_t{byte()} << 8;
    }

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

[[noreturn]] void cannot_encode(const char *why)
{
    std::fprintf(stderr, "encode_case: %s\n", why);
    std::abort();
}

}  // namespace

SendRecvCase decode_case(const uint8_t *data, size_t size)
{
    Reader in(data, size);
    SendRecvCase c;
    const unsigned flags = in.byte();
    c.do_send = flags & kFlagSend;
    const size_t cnt = in.byte() % (kMaxSegments + 1);
    size_t total = 0;
    for (size_t k = 0; k < cnt; k++) {
        c.seg_len.push_back(in.byte() % 64);
        total += c.seg_len.back();
    }
    if (flags & kFlagPlaced) {
        for (size_t k = 0; k < cnt; k++) {
            c.seg_start.push_back(in.byte());
        }
    }
    c.offset = in.u16();
    c.bytes = in.u16();
    if (!(flags & kFlagRawRange)) {
        c.offset %= total + 1;
        c.bytes %= total - c.offset + 1;
    }
    c.seed = in.byte();
    while (!in.empty() && c.schedule.size() < kMaxFaults) {
        const unsigned kind = in.byte() % kFaultKinds;
        const uint8_t arg = in.byte();
        switch (kind) {
        case 0: c.schedule.push_back(Fault::transfer(size_t{arg} + 1)); break;
        case 1: c.schedule.push_back(Fault::eintr()); break;
        case 2: c.schedule.push_back(Fault::eagain()); break;
        case 3: c.schedule.push_back(Fault::error(arg % 2 == 0 ? ECONNRESET : EPIPE)); break;
        default: c.schedule.push_back(Fault::peer_shutdown()); break;
        }
    }
    return c;
}

std::vector<uint8_t> encode_case(const SendRecvCase &c)
{
    if (c.seg_len.size() > kMaxSegments || c.schedule.size() > kMaxFaults ||
        c.offset > 0xffff || c.bytes > 0xffff || c.seed > 0xff) {
        cannot_encode("case outside the decoder's range");
    }
    size_t total = 0;
    for (size_t len : c.seg_len) {
        total += len;
    }
    const bool raw = c.offset > total || c.bytes > total - c.offset;
    std::vector<uint8_t> out;
    out.push_back(static_cast<uint8_t>((c.do_send ? kFlagSend : 0) |
                                       (c.seg_start.empty() ? 0 : kFlagPlaced) |
                                       (raw ? kFlagRawRange : 0)));
    out.push_back(static_cast<uint8_t>(c.seg_len.size()));
    for (size_t len : c.seg_len) {
        if (len > 63) {
            cannot_encode("segment longer than 63 bytes");
        }
        out.push_back(static_cast<uint8_t>(len));
    }
    for (size_t start : c.seg_start) {
        if (start > 0xff) {
            cannot_encode("arena position past 255");
        }
        out.push_back(static_cast<uint8_t>(start));
    }
    for (size_t v : {c.offset, c.bytes}) {
        out.push_back(static_cast<uint8_t>(v & 0xff));
        out.push_back(static_cast<uint8_t>(v >> 8));
    }
    out.push_back(static_cast<uint8_t>(c.seed));
    for (const Fault &f : c.schedule) {
        switch (f.kind) {
        case FaultKind::Transfer:
            if (f.limit < 1 || f.limit > 256) {
                cannot_encode("transfer limit outside 1..256");
            }
            out.push_back(0);
            out.push_back(static_cast<uint8_t>(f.limit - 1));
            break;
        case FaultKind::Eintr: out.push_back(1); out.push_back(0); break;
        case FaultKind::Eagain: out.push_back(2); out.push_back(0); break;
        case FaultKind::Error:
            if (f.err != ECONNRESET && f.err != EPIPE) {
                cannot_encode("only ECONNRESET and EPIPE are encodable");
            }
            out.push_back(3);
            out.push_back(f.err == ECONNRESET ? 0 : 1);
            break;
        case FaultKind::PeerShutdown: out.push_back(4); out.push_back(0); break;
        }
    }
    return out;
}

}  // namespace iovcheck::faults
