// T5/UMT5 tokenizer and the Wan prompt cleaning against transformers 5.24 + diffusers 0.42.1
// (tests/data/wan-text/golden/prompts.json and tokens.safetensors). Token ids must match exactly.
// Torch-free.

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"
#include "core/engine/tokenizer/t5_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "wan-text";

std::string readText(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const nlohmann::json& prompts()
{
    static const auto j = nlohmann::json::parse(readText(kFixture / "golden/prompts.json"));
    return j;
}

std::vector<std::int64_t> int64Row(const st::SafetensorsFile& f, const std::string& name, std::int64_t row)
{
    const auto* info = f.find(name);
    if (!info || info->dtype != st::DType::I64 || info->shape.size() != 2)
        return {};
    const auto cols = info->shape[1];
    std::vector<std::int64_t> out(static_cast<std::size_t>(cols));
    std::memcpy(out.data(), f.data(*info) + row * cols * 8, static_cast<std::size_t>(cols) * 8);
    return out;
}

std::string show(const std::vector<std::int64_t>& v)
{
    std::string s;
    for (auto x : v)
        s += std::to_string(x) + " ";
    return s;
}

const T5Tokenizer& fixtureTokenizer()
{
    static const T5Tokenizer t = T5Tokenizer::fromFolder(kFixture / "tokenizer");
    return t;
}

ErrorCode errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        qInfo("  -> %s", e.what());
        return e.code();
    }
    return ErrorCode::Ok;
}

} // namespace

class TestT5Tokenizer : public QObject {
    Q_OBJECT

private slots:
    void readsConfig()
    {
        const auto& t = fixtureTokenizer();
        QCOMPARE(t.modelMaxLength(), 512);
        QCOMPARE(t.padId(), std::int64_t(0));
        QCOMPARE(t.eosId(), std::int64_t(1));
        QCOMPARE(t.unkId(), std::int64_t(2));
        QCOMPARE(t.extraIds(), 12);
        QCOMPARE(t.vocabSize(), prompts()["vocab_size_tokenizer"].get<std::int64_t>());
        // T5 layout: <extra_id_0> is the last id.
        QCOMPARE(t.specialTokenId("<extra_id_0>"), t.vocabSize() - 1);
        QCOMPARE(t.specialTokenId("<extra_id_11>"), t.vocabSize() - 12);
        QCOMPARE(t.specialTokenId("hello"), std::int64_t(-1));
    }

    void promptClean_data()
    {
        QTest::addColumn<int>("index");
        const auto& cases = prompts()["clean_cases"];
        QVERIFY(cases.size() >= 20);
        for (int i = 0; i < static_cast<int>(cases.size()); ++i)
            QTest::newRow(("clean " + std::to_string(i)).c_str()) << i;
    }

    void promptClean()
    {
        QFETCH(int, index);
        const auto& c = prompts()["clean_cases"][static_cast<std::size_t>(index)];
        const auto got = wanPromptClean(c["text"].get<std::string>());
        const auto want = c["cleaned"].get<std::string>();
        QVERIFY2(got == want, ("got  [" + got + "]\nwant [" + want + "]").c_str());
    }

    void pipelinePrompts()
    {
        // The pipeline's prompts: clean, then padding="max_length", max_length=512, truncation=True.
        const auto golden = st::SafetensorsFile::open(kFixture / "golden/tokens.safetensors");
        const auto& list = prompts()["prompts"];
        QCOMPARE(list.size(), std::size_t(6));
        bool sawTruncated = false;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto cleaned = wanPromptClean(list[i].get<std::string>());
            const auto wantClean = prompts()["cleaned"][i].get<std::string>();
            QVERIFY2(cleaned == wantClean, ("got  [" + cleaned + "]\nwant [" + wantClean + "]").c_str());
            const auto e = fixtureTokenizer().encodePadded(cleaned, 512);
            const auto want = int64Row(*golden, "input_ids", static_cast<std::int64_t>(i));
            QVERIFY2(e.inputIds == want, ("prompt " + std::to_string(i) + "\ngot  " + show(e.inputIds) +
                                          "\nwant " + show(want)).c_str());
            QVERIFY(e.attentionMask == int64Row(*golden, "attention_mask", static_cast<std::int64_t>(i)));
            QCOMPARE(e.length, static_cast<std::int64_t>(prompts()["ids"][i].size()));
            sawTruncated = sawTruncated || e.truncated;
        }
        QVERIFY(sawTruncated); // the long prompt is cut to 511 tokens + </s>
    }

    void rawTexts()
    {
        // encode() without cleaning: special tokens typed in the text, unknown characters (fused <unk>),
        // empty text, full-width characters (the SentencePiece normaliser).
        for (const auto& c : prompts()["raw_cases"]) {
            const auto got = fixtureTokenizer().encode(c["text"].get<std::string>());
            const auto want = c["ids"].get<std::vector<std::int64_t>>();
            QVERIFY2(got == want, (c["text"].get<std::string>() + "\ngot  " + show(got) + "\nwant " + show(want)).c_str());
            QVERIFY(want == c["spm_only_ids"].get<std::vector<std::int64_t>>());
        }
    }

    void spmOnlyFolder()
    {
        // A folder with only spiece.model + tokenizer_config.json gives the same ids.
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::filesystem::copy_file(kFixture / "tokenizer/spiece.model", root / "spiece.model");
        std::ofstream(root / "tokenizer_config.json") << R"({"extra_ids": 12, "model_max_length": 512})";
        const auto t = T5Tokenizer::fromFolder(root);
        for (const auto& c : prompts()["raw_cases"])
            QVERIFY(t.encode(c["text"].get<std::string>()) == c["spm_only_ids"].get<std::vector<std::int64_t>>());
        // No extra_ids key: counted from the listed sentinels, else T5's default of 100.
        std::ofstream(root / "tokenizer_config.json", std::ios::trunc)
            << R"({"additional_special_tokens": ["<extra_id_0>", "<extra_id_1>"]})";
        QCOMPARE(T5Tokenizer::fromFolder(root).extraIds(), 2);
        std::ofstream(root / "tokenizer_config.json", std::ios::trunc) << "{}";
        QCOMPARE(T5Tokenizer::fromFolder(root).extraIds(), 100);
        QCOMPARE(T5Tokenizer::fromFolder(root).modelMaxLength(), 512);
    }

    void truncationAndPadding()
    {
        const auto& t = fixtureTokenizer();
        const auto e = t.encodePadded("hello world", 4);
        QCOMPARE(e.inputIds.size(), std::size_t(4));
        QCOMPARE(e.inputIds.back(), t.eosId());
        QVERIFY(e.truncated);
        QCOMPARE(e.length, std::int64_t(4));
        const auto one = t.encodePadded("hello", 1);
        QCOMPARE(one.inputIds, std::vector<std::int64_t>{t.eosId()});
        const auto empty = t.encodePadded("", 3);
        QCOMPARE(empty.inputIds, (std::vector<std::int64_t>{t.eosId(), t.padId(), t.padId()}));
        QCOMPARE(empty.attentionMask, (std::vector<std::int64_t>{1, 0, 0}));
        QCOMPARE(errorOf([&] { t.encodePadded("x", 0); }), ErrorCode::InvalidArgument);
    }

    void badFolders()
    {
        QCOMPARE(errorOf([] { T5Tokenizer::fromFolder("/nonexistent/tokenizer"); }), ErrorCode::FileNotFound);
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::ofstream(root / "tokenizer_config.json") << "{}";
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid); // no spiece.model
        std::ofstream(root / "spiece.model") << "not a protobuf at all";
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid);
        std::filesystem::copy_file(kFixture / "tokenizer/spiece.model", root / "spiece.model",
                                   std::filesystem::copy_options::overwrite_existing);
        std::ofstream(root / "tokenizer_config.json", std::ios::trunc) << "{not json";
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid);
        std::ofstream(root / "tokenizer_config.json", std::ios::trunc) << R"({"extra_ids": -3})";
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid);
        std::ofstream(root / "tokenizer_config.json", std::ios::trunc) << R"({"eos_token": "<nope>"})";
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid);
        std::filesystem::remove(root / "tokenizer_config.json");
        QCOMPARE(errorOf([&] { T5Tokenizer::fromFolder(root); }), ErrorCode::ModelInvalid);
    }
};

QTEST_GUILESS_MAIN(TestT5Tokenizer)
#include "test_t5_tokenizer.moc"
