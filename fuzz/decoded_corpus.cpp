// The committed corpus keeps its meaning: every corpus file decodes to the
// program it decoded to when the record was written.
//
//   fuzz_decoded_corpus --write RECORD CORPUS_DIR   writes the record
//   fuzz_decoded_corpus --check RECORD CORPUS_DIR   exit 1 when a recorded file
//                                                   decodes differently or is gone
//   fuzz_decoded_corpus --text TARGET FILE          prints FILE's canonical text
//
// The record (fuzz/decoded_corpus.sha1) has one line per file of
// CORPUS_DIR/<target>/ and CORPUS_DIR/regressions/<target>/: the path
// relative to CORPUS_DIR and the SHA-1 of the file's canonical text.  The
// canonical text names what the program means, not how the harness stores
// it: the layout's numbers, then one line per call with the API name and the
// argument values in order.  A changed line means a decoder change altered
// what a stored input means, which FORMAT.md forbids.  A corpus file the
// record does not list yet is only reported (add it with --write).
//
// Exit 0 the same, 1 a difference, 2 usage error, 3 unreadable corpus.
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <iovcheck/send_recv_case.h>

#include "decoder.h"

namespace {

namespace fs = std::filesystem;
using iovcheck::Layout;
using iovcheck::Program;

// ---- SHA-1 (FIPS 180-4), for a record that sha1sum can recompute -------------------

uint32_t rotl(uint32_t v, unsigned n) { return v << n | v >> (32 - n); }

void sha1_block(std::array<uint32_t, 5> &h, const uint8_t *block)
{
    uint32_t w[80];
    for (unsigned i = 0; i < 16; i++) {
        w[i] = uint32_t{block[4 * i]} << 24 | uint32_t{block[4 * i + 1]} << 16 | uint32_t{block[4 * i + 2]} << 8 |
               block[4 * i + 3];
    }
    for (unsigned i = 16; i < 80; i++) {
        w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (unsigned i = 0; i < 80; i++) {
        const uint32_t f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
        const uint32_t k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
        const uint32_t t = rotl(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

std::string sha1_hex(const std::string &text)
{
    std::array<uint32_t, 5> h{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    std::string msg = text;
    const uint64_t bits = uint64_t{text.size()} * 8;
    msg += '\x80';
    while (msg.size() % 64 != 56) {
        msg += '\0';
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
        msg += static_cast<char>(bits >> shift);
    }
    for (size_t off = 0; off < msg.size(); off += 64) {
        sha1_block(h, reinterpret_cast<const uint8_t *>(msg.data() + off));
    }
    char hex[41];
    for (unsigned i = 0; i < 5; i++) {
        std::snprintf(hex + 8 * i, 9, "%08x", h[i]);
    }
    return hex;
}

// ---- Canonical texts ------------------------------------------------------------------

template <typename Numbers>
void put_list(std::ostringstream &out, const char *name, const Numbers &values)
{
    out << name << ' ' << values.size() << ':';
    for (auto v : values) {
        out << ' ' << v;
    }
    out << '\n';
}

void put_layout(std::ostringstream &out, const Layout &l)
{
    put_list(out, "segments", l.seg_len);
    out << "shared_arena " << l.shared_arena << " arena_size " << l.arena_size << '\n';
    put_list(out, "arena_offsets", l.arena_offset);
    out << "fill_seed " << l.fill_seed << '\n';
}

std::string program_text(iovcheck::fuzz::Flavour flavour, const std::vector<uint8_t> &bytes)
{
    const iovcheck::fuzz::Decoded d = iovcheck::fuzz::decode(flavour, bytes.data(), bytes.size());
    std::ostringstream out;
    out << "also_lenient " << d.also_lenient << '\n';
    put_layout(out, d.program.layout);
    for (const iovcheck::Op &op : d.program.ops) {
        iovcheck::visit(op, [&](const auto &r) {
            out << r.name;
            std::apply([&](const auto &...field) { ((out << ' ' << field.v), ...); }, r.fields());
            out << '\n';
        });
    }
    return out.str();
}

std::string send_recv_case_text(const std::vector<uint8_t> &bytes)
{
    const iovcheck::faults::SendRecvCase c = iovcheck::faults::decode_case(bytes.data(), bytes.size());
    std::ostringstream out;
    put_list(out, "segments", c.seg_len);
    put_list(out, "segment_starts", c.seg_start);
    out << (c.do_send ? "iov_send" : "iov_recv") << " offset " << c.offset << " bytes " << c.bytes << " seed "
        << c.seed << '\n';
    for (const iovcheck::faults::Fault &f : c.schedule) {
        out << "fault " << static_cast<int>(f.kind) << ' ' << f.limit << ' ' << f.err << '\n';
    }
    return out.str();
}

// The corpus folders and how each target reads its files.
enum class Reading { Program, SendRecvCase };
struct Target {
    const char *name;
    Reading reading;
    iovcheck::fuzz::Flavour flavour;
};
constexpr Target kTargets[] = {
    {"fuzz_ops", Reading::Program, iovcheck::fuzz::Flavour::Ops},
    {"fuzz_ranges", Reading::Program, iovcheck::fuzz::Flavour::Ranges},
    {"fuzz_undo", Reading::Program, iovcheck::fuzz::Flavour::Undo},
    {"fuzz_clone", Reading::Program, iovcheck::fuzz::Flavour::Clone},
    {"fuzz_sendrecv", Reading::Program, iovcheck::fuzz::Flavour::SendRecv},
    {"fuzz_sendrecv_faults", Reading::SendRecvCase, iovcheck::fuzz::Flavour::Ops},
};

const Target *find_target(const std::string &name)
{
    for (const Target &t : kTargets) {
        if (name == t.name) {
            return &t;
        }
    }
    return nullptr;
}

std::vector<uint8_t> read_bytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string canonical_text(const Target &t, const std::vector<uint8_t> &bytes)
{
    return t.reading == Reading::Program ? program_text(t.flavour, bytes) : send_recv_case_text(bytes);
}

// path relative to the corpus folder -> SHA-1 of its canonical text; false
// when a target's folder is missing.
bool hash_corpus(const fs::path &corpus, std::map<std::string, std::string> &hashes)
{
    for (const Target &t : kTargets) {
        for (const fs::path &folder : {fs::path(t.name), fs::path("regressions") / t.name}) {
            std::error_code ec;
            if (!fs::is_directory(corpus / folder, ec)) {
                std::fprintf(stderr, "fuzz_decoded_corpus: no folder %s\n", (corpus / folder).c_str());
                return false;
            }
            for (const fs::directory_entry &e : fs::directory_iterator(corpus / folder, ec)) {
                if (e.is_regular_file() && e.path().filename().string()[0] != '.') {
                    const std::string rel = (folder / e.path().filename()).generic_string();
                    hashes[rel] = sha1_hex(canonical_text(t, read_bytes(e.path())));
                }
            }
        }
    }
    return true;
}

int write_record(const fs::path &record, const std::map<std::string, std::string> &hashes)
{
    std::ofstream out(record);
    for (const auto &[path, hash] : hashes) {
        out << path << ' ' << hash << '\n';
    }
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz_decoded_corpus: cannot write %s\n", record.c_str());
        return 3;
    }
    std::printf("%zu corpus files recorded in %s\n", hashes.size(), record.c_str());
    return 0;
}

int check_record(const fs::path &record, std::map<std::string, std::string> hashes)
{
    std::ifstream in(record);
    if (!in) {
        std::fprintf(stderr, "fuzz_decoded_corpus: cannot read %s\n", record.c_str());
        return 3;
    }
    size_t differ = 0, checked = 0;
    std::string path, hash;
    while (in >> path >> hash) {
        checked++;
        const auto found = hashes.find(path);
        if (found == hashes.end()) {
            std::printf("GONE    %s (recorded, no longer in the corpus)\n", path.c_str());
            differ++;
            continue;
        }
        if (found->second != hash) {
            std::printf("CHANGED %s: decodes to a different program than when recorded\n", path.c_str());
            differ++;
        }
        hashes.erase(found);
    }
    for (const auto &entry : hashes) {
        std::printf("new     %s (not recorded yet: fuzz_decoded_corpus --write)\n", entry.first.c_str());
    }
    std::printf("%zu recorded corpus files, %zu differ\n", checked, differ);
    return differ ? 1 : 0;
}

int usage()
{
    std::fputs("usage: fuzz_decoded_corpus --write|--check RECORD CORPUS_DIR | --text TARGET FILE\n", stderr);
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        return usage();
    }
    const std::string mode = argv[1];
    if (mode == "--text") {
        const Target *t = find_target(argv[2]);
        std::error_code ec;
        if (!t || !fs::is_regular_file(argv[3], ec)) {
            std::fprintf(stderr, "fuzz_decoded_corpus: %s\n", t ? "no such file" : "unknown target");
            return 2;
        }
        std::fputs(canonical_text(*t, read_bytes(argv[3])).c_str(), stdout);
        return 0;
    }
    if (mode != "--write" && mode != "--check") {
        return usage();
    }
    std::map<std::string, std::string> hashes;
    if (!hash_corpus(argv[3], hashes)) {
        return 3;
    }
    return mode == "--write" ? write_record(argv[2], hashes) : check_record(argv[2], std::move(hashes));
}
