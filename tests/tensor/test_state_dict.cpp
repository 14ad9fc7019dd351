// Torch side of weight loading: zero-copy aliasing, dtype conversion, sharded checkpoints, strict loading.

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"
#include "core/engine/tensor/state_dict.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <malloc.h>
#include <unistd.h>

using namespace i2v;

namespace {

struct Entry {
    std::string name;
    std::string dtype;
    std::vector<std::int64_t> shape;
    std::string bytes;
};

// Minimal safetensors writer for the tests (header padded to 8 bytes like the reference writer).
std::filesystem::path writeSafetensors(const std::filesystem::path& path, const std::vector<Entry>& entries)
{
    std::string header = "{";
    std::string data;
    for (const auto& e : entries) {
        if (header.size() > 1)
            header += ",";
        header += "\"" + e.name + "\":{\"dtype\":\"" + e.dtype + "\",\"shape\":[";
        for (std::size_t i = 0; i < e.shape.size(); ++i)
            header += (i ? "," : "") + std::to_string(e.shape[i]);
        header += "],\"data_offsets\":[" + std::to_string(data.size()) + "," +
                  std::to_string(data.size() + e.bytes.size()) + "]}";
        data += e.bytes;
    }
    header += "}";
    while (header.size() % 8)
        header += ' ';
    std::ofstream os(path, std::ios::binary);
    const std::uint64_t n = header.size();
    os.write(reinterpret_cast<const char*>(&n), 8);
    os << header << data;
    return path;
}

// Header length stored in the first 8 bytes.
std::uintptr_t headerBytes(const std::filesystem::path& path)
{
    std::uint64_t n = 0;
    std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(&n), 8);
    return static_cast<std::uintptr_t>(n);
}

std::string bytesOf(const torch::Tensor& t)
{
    const auto c = t.contiguous();
    return std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
}

struct Tiny : torch::nn::Module {
    Tiny()
    {
        lin = register_module("lin", torch::nn::Linear(3, 2));
        norm = register_module("norm", torch::nn::BatchNorm1d(2));
    }
    torch::nn::Linear lin{nullptr};
    torch::nn::BatchNorm1d norm{nullptr};
};

std::string strictError(torch::nn::Module& m, const StateDict& sd, const std::vector<std::string>& ignore = {})
{
    try {
        loadStateDictStrict(m, sd, "tiny", ignore);
    } catch (const I2vError& e) {
        if (e.code() != ErrorCode::ModelInvalid)
            return "wrong code";
        return e.what();
    }
    return {};
}

// One "Key:   N kB" line of /proc/self/status in bytes (VmRSS, VmHWM); -1 when absent.
std::int64_t procStatus(const std::string& key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) {
            std::int64_t kb = -1;
            std::istringstream(line.substr(key.size() + 1)) >> kb;
            return kb * 1024;
        }
    return -1;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); false where the kernel does not allow it.
bool resetPeakRss()
{
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

// Eight 2048x2048 linear layers: 32 M parameters, 128 MiB in float32.
struct Wide : torch::nn::Module {
    Wide()
    {
        for (int i = 0; i < 8; ++i)
            layers.push_back(register_module("l" + std::to_string(i), torch::nn::Linear(2048, 2048)));
    }
    std::vector<torch::nn::Linear> layers;
};

// Module::to(dtype) also converts integer buffers; a model is built with only its floating tensors in the
// model dtype (as nn::ParameterOptionsGuard does in the engine).
void toFloatingDtype(torch::nn::Module& m, torch::Dtype dtype)
{
    torch::NoGradGuard g;
    for (auto& p : m.parameters())
        p.set_data(p.to(dtype));
    for (auto& b : m.buffers())
        if (b.is_floating_point())
            b.set_data(b.to(dtype));
}

std::filesystem::path writeModule(const std::filesystem::path& path, torch::nn::Module& m)
{
    std::vector<Entry> entries;
    for (const auto& p : m.named_parameters())
        entries.push_back({p.key(), "F32", p.value().sizes().vec(), bytesOf(p.value())});
    return writeSafetensors(path, entries);
}

} // namespace

class TestStateDict : public QObject {
    Q_OBJECT

private slots:
    void fixtureLoads()
    {
        const auto path = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny/model/text_encoder/model.safetensors";
        const auto file = st::SafetensorsFile::open(path);
        const auto* info = file->find("text_model.embeddings.token_embedding.weight");
        QVERIFY(info);
        torch::Tensor emb;
        {
            const auto sd = loadSafetensors(path);
            QCOMPARE(sd.size(), file->tensors().size());
            emb = sd.at("text_model.embeddings.token_embedding.weight");
        }
        // The tensor keeps its mapping alive after the StateDict is gone.
        QCOMPARE(emb.sizes(), (at::IntArrayRef{49408, 24}));
        QCOMPARE(emb.scalar_type(), torch::kFloat32);
        QCOMPARE(std::memcmp(emb.data_ptr(), file->data(*info), info->end - info->begin), 0);
    }

    void aliasingIsZeroCopy()
    {
        // A mapping starts on a page boundary, so an aliasing tensor's address has the same offset within
        // its page as its data in the file. The data of "a" starts 4 bytes after an 8-aligned point, and
        // torch's allocator aligns copies to 64 bytes, so only an alias can have that address.
        QTemporaryDir dir;
        const auto a = torch::arange(6, torch::kFloat32).reshape({2, 3});
        const auto path = writeSafetensors(std::filesystem::path(dir.path().toStdString()) / "a.safetensors",
                                           {{"pad", "F32", {1}, bytesOf(torch::zeros({1}))},
                                            {"a", "F32", {2, 3}, bytesOf(a)}});
        const std::uintptr_t fileOffset = 8 + headerBytes(path) + 4;
        QCOMPARE(fileOffset % 8, std::uintptr_t(4));
        const auto sd = loadSafetensors(path);
        QVERIFY(torch::equal(sd.at("a"), a));
        const long page = sysconf(_SC_PAGESIZE);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(sd.at("a").data_ptr()) % page, fileOffset % page);
        // A conversion is a copy.
        const auto half = loadSafetensors(path, torch::kFloat16);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(half.at("a").data_ptr()) % 64, std::uintptr_t(0));
    }

    void dtypeConversion()
    {
        QTemporaryDir dir;
        const auto ref = torch::tensor({0.0f, 1.0f, -2.5f, 65504.0f, 6.1035156e-05f, 1e-7f, -0.333251953125f});
        const auto half = ref.to(torch::kFloat16);
        const auto bf = ref.to(torch::kBFloat16);
        const auto ids = torch::tensor({1, -2, 3}, torch::kInt64);
        const std::string boolBytes("\x00\x01\x07", 3);
        const auto path = writeSafetensors(std::filesystem::path(dir.path().toStdString()) / "h.safetensors",
                                           {{"h", "F16", {7}, bytesOf(half)},
                                            {"b", "BF16", {7}, bytesOf(bf)},
                                            {"i", "I64", {3}, bytesOf(ids)},
                                            {"m", "BOOL", {3}, boolBytes}});
        const auto sd = loadSafetensors(path, torch::kFloat32);
        QCOMPARE(sd.at("h").scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(sd.at("h"), half.to(torch::kFloat32))); // every fp16 value is exact in fp32
        QCOMPARE(sd.at("h")[3].item<float>(), 65504.0f);
        QCOMPARE(sd.at("h")[4].item<float>(), 6.1035156e-05f);
        QVERIFY(torch::equal(sd.at("b"), bf.to(torch::kFloat32)));
        QCOMPARE(sd.at("i").scalar_type(), torch::kInt64); // integers keep their dtype
        QVERIFY(torch::equal(sd.at("i"), ids));
        QCOMPARE(sd.at("m").scalar_type(), torch::kBool);
        QVERIFY(torch::equal(sd.at("m"), torch::tensor({false, true, true})));
        const auto keep = loadSafetensors(path, torch::kFloat16);
        QCOMPARE(keep.at("h").scalar_type(), torch::kFloat16);
        QVERIFY(torch::equal(keep.at("h"), half));
    }

    void sharded()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        const auto x = torch::randn({4, 4});
        const auto y = torch::randn({3});
        writeSafetensors(root / "m-1.safetensors", {{"x", "F32", {4, 4}, bytesOf(x)}});
        writeSafetensors(root / "m-2.safetensors", {{"y", "F32", {3}, bytesOf(y)}});
        std::ofstream(root / "m.safetensors.index.json")
            << "{\"weight_map\":{\"x\":\"m-1.safetensors\",\"y\":\"m-2.safetensors\"}}";
        const auto sd = loadSafetensors(root / "m.safetensors.index.json");
        QCOMPARE(sd.size(), std::size_t(2));
        QVERIFY(torch::equal(sd.at("x"), x));
        QVERIFY(torch::equal(sd.at("y"), y));

        std::ofstream(root / "bad.safetensors.index.json")
            << "{\"weight_map\":{\"x\":\"m-1.safetensors\",\"y\":\"m-1.safetensors\"}}";
        QVERIFY_THROWS_EXCEPTION(I2vError, loadSafetensors(root / "bad.safetensors.index.json"));
        std::ofstream(root / "gone.safetensors.index.json")
            << "{\"weight_map\":{\"x\":\"m-1.safetensors\",\"y\":\"m-3.safetensors\"}}";
        try {
            loadSafetensors(root / "gone.safetensors.index.json");
            QFAIL("missing shard loaded");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::FileNotFound);
            QVERIFY(std::string(e.what()).find("m-3.safetensors") != std::string::npos);
        }
    }

    void strictLoading()
    {
        Tiny m;
        StateDict sd;
        for (const auto& p : m.named_parameters())
            sd[p.key()] = torch::full_like(p.value(), 0.25);
        for (const auto& b : m.named_buffers())
            sd[b.key()] = b.value().clone();
        QCOMPARE(strictError(m, sd), std::string());
        QVERIFY(torch::equal(m.lin->weight, torch::full({2, 3}, 0.25)));

        auto missing = sd;
        missing.erase("lin.bias");
        missing.erase("norm.num_batches_tracked");
        const auto e1 = strictError(m, missing);
        QVERIFY2(e1.find("tiny") != std::string::npos && e1.find("Missing 2") != std::string::npos &&
                     e1.find("lin.bias") != std::string::npos,
                 e1.c_str());
        QCOMPARE(strictError(m, missing, {"lin.bias", "norm.num_batches_tracked"}), std::string());

        auto extra = sd;
        extra["lin.extra"] = torch::zeros({1});
        const auto e2 = strictError(m, extra);
        QVERIFY2(e2.find("Unexpected 1: lin.extra") != std::string::npos, e2.c_str());

        auto shaped = sd;
        shaped["lin.weight"] = torch::zeros({3, 2});
        const auto e3 = strictError(m, shaped);
        QVERIFY2(e3.find("Wrong shape 1: lin.weight (file [3, 2], model [2, 3])") != std::string::npos, e3.c_str());

        // A failed load leaves the module untouched.
        QVERIFY(torch::equal(m.lin->weight, torch::full({2, 3}, 0.25)));

        // Converts dtype into the module's own.
        auto half = sd;
        half["lin.weight"] = torch::full({2, 3}, 0.5, torch::kFloat16);
        QCOMPARE(strictError(m, half), std::string());
        QCOMPARE(m.lin->weight.scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(m.lin->weight, torch::full({2, 3}, 0.5)));
    }

    void streamingLoadConvertsAndChecks()
    {
        QTemporaryDir dir;
        Tiny source;
        {
            torch::NoGradGuard g;
            source.lin->weight.copy_(torch::arange(6, torch::kFloat32).reshape({2, 3}) / 7.0);
        }
        std::vector<Entry> entries;
        for (const auto& p : source.named_parameters())
            entries.push_back({p.key(), "F32", p.value().sizes().vec(), bytesOf(p.value())});
        for (const auto& b : source.named_buffers())
            entries.push_back({b.key(), b.value().scalar_type() == torch::kInt64 ? "I64" : "F32",
                               b.value().sizes().vec(), bytesOf(b.value())});
        const auto file = writeSafetensors(dir.filePath("tiny.safetensors").toStdString(), entries);

        Tiny target;
        toFloatingDtype(target, torch::kBFloat16); // num_batches_tracked stays int64
        loadWeightsInto(target, file, "tiny");
        QVERIFY(target.lin->weight.scalar_type() == torch::kBFloat16);
        QVERIFY(torch::equal(target.lin->weight, source.lin->weight.to(torch::kBFloat16)));
        QVERIFY(target.norm->num_batches_tracked.scalar_type() == torch::kInt64);

        // The same strict check as loadStateDictStrict, on the headers, before any data is copied.
        entries.erase(entries.begin()); // drop the first parameter
        const auto partial = writeSafetensors(dir.filePath("partial.safetensors").toStdString(), entries);
        Tiny untouched;
        {
            torch::NoGradGuard g;
            untouched.lin->bias.fill_(3.0);
        }
        try {
            loadWeightsInto(untouched, partial, "tiny");
            QFAIL("a missing tensor was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("Missing 1") != std::string::npos, e.what());
        }
        QVERIFY(torch::equal(untouched.lin->bias, torch::full({2}, 3.0))); // nothing copied
    }

    // Damaged weights would make a silent black clip: refused at load, naming the file and the tensor.
    void nonFiniteWeightsAreRefused()
    {
        QTemporaryDir dir;
        for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
            Tiny source;
            {
                torch::NoGradGuard g;
                source.lin->weight[1][2] = bad;
            }
            const auto file = writeModule(dir.filePath("bad.safetensors").toStdString(), source);
            Tiny target;
            try {
                loadWeightsInto(target, file, "tiny", {"norm.running_mean", "norm.running_var",
                                                       "norm.num_batches_tracked"});
                QFAIL("non-finite weights were accepted");
            } catch (const I2vError& e) {
                QCOMPARE(e.code(), ErrorCode::WeightsCorrupt);
                QVERIFY2(std::string(e.what()).find("bad.safetensors: tensor 'lin.weight' holds NaN or infinite") !=
                             std::string::npos,
                         e.what());
            }
        }
        // Finite in the file but too large for float16: the user's precision choice, said as such.
        Tiny big;
        {
            torch::NoGradGuard g;
            big.lin->weight[0][0] = 1e6f;
        }
        const auto file = writeModule(dir.filePath("big.safetensors").toStdString(), big);
        Tiny half;
        toFloatingDtype(half, torch::kFloat16);
        try {
            loadWeightsInto(half, file, "tiny", {"norm.running_mean", "norm.running_var", "norm.num_batches_tracked"});
            QFAIL("an overflowing float16 load was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("too large for float16; use float32 or bfloat16") != std::string::npos,
                     e.what());
        }
    }

    // Host RAM during a load in another dtype stays at the parameters themselves plus about one tensor:
    // no converted copy of the whole checkpoint, and the file's pages leave the process as they are used.
    void streamingLoadKeepsHostMemoryBounded()
    {
        QTemporaryDir dir;
        std::filesystem::path file;
        {
            Wide source;
            file = writeModule(dir.filePath("wide.safetensors").toStdString(), source);
        }
        Wide target;
        toFloatingDtype(target, torch::kBFloat16); // 64 MiB of parameters
        std::int64_t paramBytes = 0, largest = 0;
        for (const auto& p : target.parameters()) {
            paramBytes += p.numel() * p.element_size();
            largest = std::max<std::int64_t>(largest, p.numel() * 4); // stored as float32
        }
#if defined(__SANITIZE_ADDRESS__)
        // ASan keeps freed blocks in its quarantine (256 MiB) and pads every allocation, so resident memory
        // says nothing about what the load keeps; the Release suite measures it.
        QSKIP("peak RSS is not measurable under AddressSanitizer (quarantine); measured in the Release build");
#endif
        malloc_trim(0);
        const std::int64_t before = procStatus("VmRSS");
        if (before <= 0 || !resetPeakRss())
            QSKIP("this kernel does not report or reset the peak RSS (/proc/self/clear_refs)");
        loadWeightsInto(target, file, "wide");
        const std::int64_t growth = procStatus("VmHWM") - before;
        // The parameters are already resident (written by the dtype conversion above), so the growth is
        // what the load itself needs: at most the largest stored tensor plus a constant. Converting the whole
        // checkpoint first (loadSafetensors + loadStateDictStrict) would add 64 MiB of bfloat16 copies and
        // 128 MiB of mapped file pages.
        const std::int64_t bound = largest + 32 * 1024 * 1024;
        qInfo("streaming bf16 load of a %lld MiB float32 checkpoint into %lld MiB of parameters: peak RSS +%lld "
              "MiB (bound %lld MiB = largest tensor %lld + 32)",
              (long long)(std::filesystem::file_size(file) >> 20), (long long)(paramBytes >> 20),
              (long long)(growth >> 20), (long long)(bound >> 20), (long long)(largest >> 20));
        QVERIFY2(growth <= bound, "host memory during the load exceeded one tensor + 32 MiB");
        QVERIFY(target.layers[7]->weight.scalar_type() == torch::kBFloat16);
        QVERIFY(target.layers[7]->weight.abs().sum().item<double>() > 0);
    }

    void manyKeysAreCapped()
    {
        Tiny m;
        StateDict sd;
        for (int i = 0; i < 30; ++i)
            sd["junk." + std::to_string(i)] = torch::zeros({1});
        const auto e = strictError(m, sd);
        QVERIFY2(e.find("Unexpected 30") != std::string::npos && e.find("(10 more)") != std::string::npos, e.c_str());
    }
};

QTEST_GUILESS_MAIN(TestStateDict)
#include "test_state_dict.moc"
