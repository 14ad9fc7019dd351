// CLIP tokenizer against the reference: the 41 fixture prompts (ids, masks, BPE strings, untruncated ids)
// and the pipeline's prompt tokens in golden/tokens.safetensors. Torch-free.

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"
#include "core/engine/tokenizer/clip_text.h"
#include "core/engine/tokenizer/clip_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny";

std::string readText(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Row `row` of an int64 [rows, cols] tensor in a safetensors file.
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

const ClipTokenizer& fixtureTokenizer()
{
    static const ClipTokenizer t = ClipTokenizer::fromFolder(kFixture / "model/tokenizer");
    return t;
}

} // namespace

class TestClipTokenizer : public QObject {
    Q_OBJECT

private slots:
    void readsSpecialTokensFromFiles()
    {
        const auto& t = fixtureTokenizer();
        QCOMPARE(t.maxLength(), 77);
        QCOMPARE(t.bosId(), std::int64_t(49406));
        QCOMPARE(t.eosId(), std::int64_t(49407));
        QCOMPARE(t.padToken(), std::string("<|endoftext|>"));
        QCOMPARE(t.padId(), std::int64_t(49407));
    }

    void goldenCases_data()
    {
        QTest::addColumn<int>("index");
        const auto cases = nlohmann::json::parse(readText(kFixture / "golden/tokenizer_cases.json"))["cases"];
        QCOMPARE(cases.size(), std::size_t(41));
        for (int i = 0; i < static_cast<int>(cases.size()); ++i)
            QTest::newRow(("case " + std::to_string(i)).c_str()) << i;
    }

    void goldenCases()
    {
        QFETCH(int, index);
        static const auto cases = nlohmann::json::parse(readText(kFixture / "golden/tokenizer_cases.json"))["cases"];
        static const auto tensors = st::SafetensorsFile::open(kFixture / "golden/tokenizer_cases.safetensors");
        const auto& c = cases[static_cast<std::size_t>(index)];
        const auto e = fixtureTokenizer().encode(c["text"].get<std::string>());
        const auto ids = c["input_ids"].get<std::vector<std::int64_t>>();
        QVERIFY2(e.inputIds == ids, ("got " + show(e.inputIds) + "\nwant " + show(ids)).c_str());
        QVERIFY(e.attentionMask == c["attention_mask"].get<std::vector<std::int64_t>>());
        QVERIFY(e.inputIds == int64Row(*tensors, "input_ids", index));
        QVERIFY(e.attentionMask == int64Row(*tensors, "attention_mask", index));
        QVERIFY(e.untruncatedIds == c["untruncated_input_ids"].get<std::vector<std::int64_t>>());
        QVERIFY(e.tokens == c["tokens"].get<std::vector<std::string>>());
        QCOMPARE(e.truncated, e.untruncatedIds.size() > 77);
    }

    void pipelinePromptTokens()
    {
        const auto golden = st::SafetensorsFile::open(kFixture / "golden/tokens.safetensors");
        const auto prompt = fixtureTokenizer().encode(readText(kFixture / "inputs/prompt.txt"));
        const auto negative = fixtureTokenizer().encode(readText(kFixture / "inputs/negative_prompt.txt"));
        QVERIFY(prompt.inputIds == int64Row(*golden, "prompt_input_ids", 0));
        QVERIFY(prompt.attentionMask == int64Row(*golden, "prompt_attention_mask", 0));
        QVERIFY(prompt.untruncatedIds == int64Row(*golden, "prompt_untruncated_input_ids", 0));
        QVERIFY(negative.inputIds == int64Row(*golden, "negative_prompt_input_ids", 0));
        QVERIFY(negative.attentionMask == int64Row(*golden, "negative_prompt_attention_mask", 0));
    }

    void pythonLowerCasing()
    {
        // Python str.lower(): final sigma by context, U+0130 to "i" + combining dot.
        QCOMPARE(clip::encodeUtf8(clip::basicClean(clip::decodeUtf8("ΟΔΟΣ ΣΑ Σ"))), std::string("οδος σα σ"));
        QCOMPARE(clip::encodeUtf8(clip::basicClean(clip::decodeUtf8("\xc4\xb0STANBUL"))),
                 std::string("i\xcc\x87stanbul"));
        // Decomposed accents are composed (NFC) before splitting.
        QCOMPARE(clip::encodeUtf8(clip::basicClean(clip::decodeUtf8("Cafe\xcc\x81"))), std::string("caf\xc3\xa9"));
        // Invalid UTF-8 is replaced and then dropped like U+FFFD.
        QCOMPARE(clip::encodeUtf8(clip::basicClean(clip::decodeUtf8("a\xff" "b"))), std::string("ab"));
    }

    void padTokenFromFiles()
    {
        // A Stable Diffusion 2 style tokenizer pads with "!" (id 0), which is also a no-split token.
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        for (const char* name : {"vocab.json", "merges.txt", "tokenizer_config.json"})
            std::filesystem::copy_file(kFixture / "model/tokenizer" / name, root / name);
        std::ofstream(root / "special_tokens_map.json") << "{\"pad_token\": \"!\"}";
        const auto t = ClipTokenizer::fromFolder(root);
        QCOMPARE(t.padId(), std::int64_t(0));
        const auto e = t.encode("wow!!");
        QCOMPARE(e.tokens, (std::vector<std::string>{"wow</w>", "!", "!"}));
        QCOMPARE(e.inputIds[4], std::int64_t(49407));
        QCOMPARE(e.inputIds[5], std::int64_t(0));
        QCOMPARE(e.attentionMask[4], std::int64_t(1));
        QCOMPARE(e.attentionMask[5], std::int64_t(0));
    }

    void brokenFolders()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        try {
            ClipTokenizer::fromFolder(root);
            QFAIL("empty folder accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY(std::string(e.what()).find("vocab.json") != std::string::npos);
        }
        std::ofstream(root / "vocab.json") << "{\"a\": 1";
        try {
            ClipTokenizer::fromFolder(root);
            QFAIL("broken vocab accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
        }
        std::ofstream(root / "vocab.json", std::ios::trunc) << "{\"a</w>\": 0}";
        std::ofstream(root / "merges.txt") << "#version: 0.2\na b\n";
        try {
            ClipTokenizer::fromFolder(root);
            QFAIL("vocabulary without special tokens accepted");
        } catch (const I2vError& e) {
            QVERIFY(std::string(e.what()).find("<|startoftext|>") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(I2vError, ClipTokenizer::fromFolder(root / "absent"));
    }
};

QTEST_GUILESS_MAIN(TestClipTokenizer)
#include "test_clip_tokenizer.moc"
