// Torch-free tests of the safetensors parser: the fixture, hostile files, shard indexes, pickle refusal.
// Also built in the AddressSanitizer configuration (scripts/test-sanitize.sh).

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <string>

using namespace i2v;

namespace {

// Writes an 8-byte little-endian header length, `header`, then `data`.
std::filesystem::path writeRaw(const QTemporaryDir& dir, const std::string& name, const std::string& header,
                               const std::string& data, std::uint64_t headerLen)
{
    const auto path = std::filesystem::path(dir.path().toStdString()) / name;
    std::ofstream os(path, std::ios::binary);
    for (int i = 0; i < 8; ++i)
        os.put(static_cast<char>((headerLen >> (8 * i)) & 0xFF));
    os << header << data;
    return path;
}

std::filesystem::path writeFile(const QTemporaryDir& dir, const std::string& name, const std::string& header,
                                const std::string& data)
{
    return writeRaw(dir, name, header, data, header.size());
}

// Opens `path` and expects WeightsCorrupt whose message contains every part of `expect`.
void expectCorrupt(const std::filesystem::path& path, std::initializer_list<const char*> expect)
{
    try {
        st::SafetensorsFile::open(path);
        QFAIL(("no error for " + path.string()).c_str());
    } catch (const I2vError& e) {
        QCOMPARE(e.code(), ErrorCode::WeightsCorrupt);
        const std::string msg = e.what();
        QVERIFY2(msg.find(path.string()) != std::string::npos, msg.c_str());
        for (const char* part : expect)
            QVERIFY2(msg.find(part) != std::string::npos, (msg + "  (expected: " + part + ")").c_str());
    }
}

const std::string kEightBytes(8, '\x01');

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private slots:
    void fixtureParses()
    {
        const auto path = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny/model/text_encoder/model.safetensors";
        const auto f = st::SafetensorsFile::open(path);
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        const auto* emb = f->find("text_model.embeddings.token_embedding.weight");
        QVERIFY(emb);
        QCOMPARE(emb->dtype, st::DType::F32);
        QCOMPARE(emb->shape, (std::vector<std::int64_t>{49408, 24}));
        QCOMPARE(emb->numel(), std::int64_t(49408) * 24);
        QVERIFY(!f->find("text_model.embeddings.position_ids"));
        // Spans come back in file order and are contiguous in the reference writer's output.
        for (std::size_t i = 1; i < f->tensors().size(); ++i)
            QCOMPARE(f->tensors()[i].begin, f->tensors()[i - 1].end);
    }

    void dataPointsIntoFile()
    {
        QTemporaryDir dir;
        float values[2] = {1.5f, -2.0f};
        std::string data(reinterpret_cast<const char*>(values), sizeof values);
        const auto path = writeFile(dir, "a.safetensors",
                                    "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}    ", data);
        const auto f = st::SafetensorsFile::open(path);
        float read[2];
        std::memcpy(read, f->data(*f->find("x")), sizeof read);
        QCOMPARE(read[0], 1.5f);
        QCOMPARE(read[1], -2.0f);
    }

    void emptyTensorsAndGaps()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "a.safetensors",
                                    "{\"e\":{\"dtype\":\"F16\",\"shape\":[0,3],\"data_offsets\":[4,4]},"
                                    "\"s\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[7,8]}}",
                                    kEightBytes);
        const auto f = st::SafetensorsFile::open(path);
        QCOMPARE(f->find("e")->numel(), std::int64_t(0));
        QCOMPARE(f->find("s")->numel(), std::int64_t(1));
    }

    void truncatedFiles()
    {
        QTemporaryDir dir;
        const auto tiny = std::filesystem::path(dir.path().toStdString()) / "tiny.safetensors";
        std::ofstream(tiny, std::ios::binary) << "abc";
        expectCorrupt(tiny, {"truncated"});
        const std::string header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        expectCorrupt(writeFile(dir, "short.safetensors", header, kEightBytes), {"'x'", "outside the data"});
        expectCorrupt(writeRaw(dir, "cut.safetensors", header.substr(0, 20), "", header.size()), {"past the end"});
    }

    void headerLength()
    {
        QTemporaryDir dir;
        expectCorrupt(writeRaw(dir, "huge.safetensors", "{}", "", ~std::uint64_t(0)), {"100 MB"});
        expectCorrupt(writeRaw(dir, "big.safetensors", "{}", "", 200'000'000ull), {"100 MB"});
        expectCorrupt(writeRaw(dir, "over.safetensors", "{}", "", 3), {"past the end"});
        expectCorrupt(writeRaw(dir, "zero.safetensors", "{}", "", 0), {"JSON object"});
        expectCorrupt(writeFile(dir, "array.safetensors", "[1,2]", ""), {"JSON object"});
    }

    void badJson()
    {
        QTemporaryDir dir;
        expectCorrupt(writeFile(dir, "json.safetensors", "{\"x\":{\"dtype\":\"F32\",", ""), {"not valid JSON"});
        expectCorrupt(writeFile(dir, "utf8.safetensors", "{\"\xff\xfe\":{}}", ""), {"not valid UTF-8"});
        expectCorrupt(writeFile(dir, "overlong.safetensors", "{\"\xc0\xaf\":{}}", ""), {"not valid UTF-8"});
        expectCorrupt(writeFile(dir, "notobj.safetensors", "{\"x\":5}", ""), {"'x'", "not an object"});
        expectCorrupt(writeFile(dir, "fields.safetensors", "{\"x\":{\"dtype\":\"F32\"}}", ""), {"'x'", "data_offsets"});
        expectCorrupt(writeFile(dir, "meta.safetensors", "{\"__metadata__\":{\"a\":1}}", ""), {"__metadata__"});
        expectCorrupt(writeFile(dir, "dup.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                                "\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}",
                                kEightBytes),
                      {"'x'", "twice"});
    }

    void badDtypeAndShape()
    {
        QTemporaryDir dir;
        expectCorrupt(writeFile(dir, "dtype.safetensors",
                                "{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", kEightBytes),
                      {"'x'", "unsupported dtype"});
        expectCorrupt(writeFile(dir, "dtype2.safetensors",
                                "{\"x\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,1]}}", kEightBytes),
                      {"unsupported dtype"});
        expectCorrupt(writeFile(dir, "span.safetensors",
                                "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", kEightBytes),
                      {"'x'", "does not match shape"});
        expectCorrupt(writeFile(dir, "neg.safetensors",
                                "{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", kEightBytes),
                      {"negative"});
        expectCorrupt(writeFile(dir, "frac.safetensors",
                                "{\"x\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", kEightBytes),
                      {"non-negative integer"});
        expectCorrupt(writeFile(dir, "ovf.safetensors",
                                "{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                                "\"data_offsets\":[0,0]}}",
                                kEightBytes),
                      {"overflows"});
        expectCorrupt(writeFile(dir, "ovf2.safetensors",
                                "{\"x\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],"
                                "\"data_offsets\":[0,0]}}",
                                kEightBytes),
                      {"overflows"});
    }

    void badOffsets()
    {
        QTemporaryDir dir;
        expectCorrupt(writeFile(dir, "range.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[6,10]}}", kEightBytes),
                      {"'x'", "outside the data"});
        expectCorrupt(writeFile(dir, "huge.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[1],"
                                "\"data_offsets\":[18446744073709551615,18446744073709551615]}}",
                                kEightBytes),
                      {"outside the data"});
        expectCorrupt(writeFile(dir, "rev.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,2]}}", kEightBytes),
                      {"'x'", "reversed"});
        expectCorrupt(writeFile(dir, "negoff.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[-2,0]}}", kEightBytes),
                      {"non-negative"});
        expectCorrupt(writeFile(dir, "three.safetensors",
                                "{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2,4]}}", kEightBytes),
                      {"[begin, end]"});
        expectCorrupt(writeFile(dir, "overlap.safetensors",
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                                "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}",
                                kEightBytes),
                      {"'b'", "overlaps tensor 'a'"});
        expectCorrupt(writeFile(dir, "same.safetensors",
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                                "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                                kEightBytes),
                      {"overlaps"});
    }

    void unorderedNamesAreFine()
    {
        // JSON order need not follow file order; the reader sorts by offset.
        QTemporaryDir dir;
        const auto f = st::SafetensorsFile::open(writeFile(dir, "o.safetensors",
                                                           "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]},"
                                                           "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}",
                                                           kEightBytes));
        QCOMPARE(f->tensors().front().name, std::string("b"));
        QCOMPARE(f->tensors().back().name, std::string("a"));
    }

    void refusesPickleAndMissing()
    {
        QTemporaryDir dir;
        for (const char* name : {"pytorch_model.bin", "model.ckpt", "x.pt", "x.PTH", "pytorch_model.bin.index.json"}) {
            const auto path = writeFile(dir, name, "{}", "");
            try {
                st::SafetensorsFile::open(path);
                QFAIL(name);
            } catch (const I2vError& e) {
                QCOMPARE(e.code(), ErrorCode::UnsafeWeightsFormat);
                QVERIFY(std::string(e.what()).find(".safetensors") != std::string::npos);
            }
        }
        try {
            st::SafetensorsFile::open(std::filesystem::path(dir.path().toStdString()) / "absent.safetensors");
            QFAIL("absent file opened");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::FileNotFound);
        }
    }

    void shardIndex()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::ofstream(root / "m.safetensors.index.json")
            << "{\"metadata\":{\"total_size\":8},\"weight_map\":{\"a\":\"m-00001.safetensors\","
               "\"b\":\"m-00002.safetensors\",\"c\":\"m-00001.safetensors\"}}";
        QVERIFY(st::isShardIndex(root / "m.safetensors.index.json"));
        QVERIFY(st::isShardIndex(root / "m.safetensors.index.fp16.json"));
        QVERIFY(!st::isShardIndex(root / "m.safetensors"));
        QVERIFY(!st::isShardIndex(root / "m.bin.index.json"));
        const auto index = st::readShardIndex(root / "m.safetensors.index.json");
        QCOMPARE(index.shards.size(), std::size_t(2));
        QCOMPARE(index.weightMap.at("c"), root / "m-00001.safetensors");

        const char* bad[] = {"{\"weight_map\":{}}", "{\"weight_map\":{\"a\":\"../x.safetensors\"}}",
                             "{\"weight_map\":{\"a\":\"/etc/x.safetensors\"}}",
                             "{\"weight_map\":{\"a\":\"x.bin\"}}", "{\"weight_map\":{\"a\":3}}", "[]", "{"};
        for (const char* text : bad) {
            std::ofstream(root / "bad.safetensors.index.json", std::ios::trunc) << text;
            try {
                st::readShardIndex(root / "bad.safetensors.index.json");
                QFAIL(text);
            } catch (const I2vError& e) {
                QCOMPARE(e.code(), ErrorCode::WeightsCorrupt);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
