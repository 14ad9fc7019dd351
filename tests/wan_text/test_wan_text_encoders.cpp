// Wan text and image encoders against transformers 5.24.0 / diffusers 0.42.1 on the wan-text fixture
// (tests/data/wan-text, scripts/fixtures/wan/make_text_golden.py): UMT5 last_hidden_state and the
// pipeline's prompt_embeds (abs 1e-5), CLIPImageProcessor pixel values and hidden_states[-2] (abs 1e-5),
// both checkpoint layouts, tied-embedding names, config and input errors, and the real Wan2.1 configs
// built on the meta device (parameter counts, [1, 257, 1280]).
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/umt5.h"
#include "core/engine/models/wan/wan_image.h"
#include "core/engine/models/wan/wan_text.h"
#include "core/engine/tensor/state_dict.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "wan-text";
constexpr double kEncoderTol = 1e-5;

double maxAbsError(const torch::Tensor& actual, const torch::Tensor& expected)
{
    if (actual.sizes() != expected.sizes()) {
        return std::numeric_limits<double>::infinity();
    }
    return (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
}

bool checkClose(const char* name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    const double err = maxAbsError(actual, expected);
    qInfo("%-40s max abs error %.3g (tolerance %.0e)", name, err, tol);
    return err <= tol;
}

std::string readText(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
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

// Minimal float32 safetensors writer for the layout tests.
void writeSafetensors(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors)
{
    nlohmann::json header = nlohmann::json::object();
    std::string data;
    for (const auto& [name, t] : tensors) {
        const auto c = t.to(torch::kFloat32).contiguous();
        const auto begin = data.size();
        data.append(reinterpret_cast<const char*>(c.data_ptr<float>()), static_cast<std::size_t>(c.numel()) * 4);
        header[name] = {{"dtype", "F32"}, {"shape", c.sizes().vec()}, {"data_offsets", {begin, data.size()}}};
    }
    std::string h = header.dump();
    while (h.size() % 8 != 0)
        h.push_back(' ');
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t n = h.size();
    out.write(reinterpret_cast<const char*>(&n), 8);
    out << h << data;
}

nlohmann::json fixtureTextConfig() { return nlohmann::json::parse(readText(kFixture / "text_encoder/config.json")); }

std::filesystem::path writeJson(const std::filesystem::path& dir, const std::string& name, const nlohmann::json& j)
{
    const auto p = dir / name;
    std::ofstream(p) << j.dump();
    return p;
}

Image goldenImage(const StateDict& golden, const std::string& name = "image_u8")
{
    const auto u8 = golden.at(name).contiguous(); // [H, W, 3]
    Image img(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)));
    std::memcpy(img.rgb.data(), u8.data_ptr<std::uint8_t>(), img.rgb.size());
    return img;
}

} // namespace

class TestWanTextEncoders : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void umt5MatchesGolden()
    {
        torch::NoGradGuard noGrad;
        auto model = loadUMT5EncoderModel(kFixture / "text_encoder/config.json",
                                          kFixture / "text_encoder/model.safetensors");
        QCOMPARE(model->config().denseActFn, std::string("gelu_new"));
        QVERIFY(model->config().isGatedAct);
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/text.safetensors");
        const auto hidden = model->forward(tokens.at("input_ids"), tokens.at("attention_mask"));
        QVERIFY(checkClose("umt5 last_hidden_state [6,512,32]", hidden, golden.at("last_hidden_state"), kEncoderTol));
        // A bool mask is the same as the int64 one.
        const auto hiddenBool = model->forward(tokens.at("input_ids"), tokens.at("attention_mask").to(torch::kBool));
        QVERIFY(checkClose("umt5 (bool mask)", hiddenBool, golden.at("last_hidden_state"), kEncoderTol));
    }

    void umt5OtherConfigMatchesGolden()
    {
        // Non-gated relu feed-forward, num_heads * d_kv (30) != d_model (24), 8 buckets, max distance 20.
        torch::NoGradGuard noGrad;
        auto model = loadUMT5EncoderModel(kFixture / "text_encoder_alt/config.json",
                                          kFixture / "text_encoder_alt/model.safetensors");
        QVERIFY(!model->config().isGatedAct);
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/text_alt.safetensors");
        const auto hidden = model->forward(tokens.at("input_ids").slice(0, 0, 3), tokens.at("attention_mask").slice(0, 0, 3));
        QVERIFY(checkClose("umt5 alt config [3,512,24]", hidden, golden.at("last_hidden_state"), kEncoderTol));
    }

    void promptEmbedsMatchGolden()
    {
        auto model = loadUMT5EncoderModel(kFixture / "text_encoder/config.json",
                                          kFixture / "text_encoder/model.safetensors");
        const auto tokenizer = T5Tokenizer::fromFolder(kFixture / "tokenizer");
        const auto prompts = nlohmann::json::parse(readText(kFixture / "golden/prompts.json"))["prompts"]
                                 .get<std::vector<std::string>>();
        const auto golden = loadSafetensors(kFixture / "golden/text.safetensors");
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto t = wanTokenizePrompts(tokenizer, prompts, 512);
        QVERIFY(torch::equal(t.inputIds, tokens.at("input_ids")));
        QVERIFY(torch::equal(t.attentionMask, tokens.at("attention_mask")));
        const auto embeds = wanEncodePrompt(tokenizer, model, prompts, 512);
        QCOMPARE(embeds.sizes().vec(), (std::vector<std::int64_t>{6, 512, 32}));
        QVERIFY(checkClose("wan prompt_embeds [6,512,32]", embeds, golden.at("prompt_embeds"), kEncoderTol));
        // Exactly zero past each prompt's length (the long prompt has none).
        for (std::int64_t i = 0; i < 6; ++i) {
            const auto len = t.lengths[static_cast<std::size_t>(i)];
            if (len < 512) {
                QCOMPARE(embeds[i].slice(0, len).abs().max().item<float>(), 0.0f);
            }
            QVERIFY(embeds[i][len - 1].abs().max().item<float>() > 0.0f);
        }
        QCOMPARE(t.lengths.back(), std::int64_t(512));
        // One prompt alone gives its row of the batch.
        const auto single = wanEncodePrompt(tokenizer, model, {prompts[1]}, 512);
        QVERIFY(checkClose("single prompt == batch row", single[0], golden.at("prompt_embeds")[1], kEncoderTol));
        QCOMPARE(errorOf([&] { wanEncodePrompt(tokenizer, model, {}, 512); }), ErrorCode::InvalidArgument);
        QCOMPARE(errorOf([&] { wanEncodePrompt(tokenizer, model, {"x"}, 0); }), ErrorCode::InvalidArgument);
    }

    void relativeBuckets()
    {
        // T5's bidirectional rule with 32 buckets / max distance 128 (umt5-xxl), spot values from the
        // reference formula: exact below 8, log-spaced up to 128, then the last bucket of each half.
        const auto b = umt5RelativePositionBuckets(300, 32, 128, torch::kCPU);
        auto at = [&](std::int64_t q, std::int64_t k) { return b[q][k].item<std::int64_t>(); };
        QCOMPARE(at(0, 0), std::int64_t(0));
        QCOMPARE(at(0, 1), std::int64_t(17)); // key after the query: second half
        QCOMPARE(at(1, 0), std::int64_t(1));
        QCOMPARE(at(0, 7), std::int64_t(23));
        QCOMPARE(at(8, 0), std::int64_t(8));
        QCOMPARE(at(20, 0), std::int64_t(10));
        QCOMPARE(at(0, 50), std::int64_t(29));
        QCOMPARE(at(127, 0), std::int64_t(15));
        QCOMPARE(at(299, 0), std::int64_t(15));
        QCOMPARE(at(0, 299), std::int64_t(31));
    }

    void tiedEmbeddingNames()
    {
        // The tied embedding saved as encoder.embed_tokens.weight only, or under both names.
        const auto weights = loadSafetensors(kFixture / "text_encoder/model.safetensors");
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/text.safetensors");
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        auto embedOnly = weights;
        embedOnly["encoder.embed_tokens.weight"] = embedOnly.at("shared.weight");
        auto both = embedOnly;
        embedOnly.erase("shared.weight");
        writeSafetensors(root / "embed_only.safetensors", embedOnly);
        writeSafetensors(root / "both.safetensors", both);
        for (const char* file : {"embed_only.safetensors", "both.safetensors"}) {
            auto model = loadUMT5EncoderModel(kFixture / "text_encoder/config.json", root / file);
            torch::NoGradGuard noGrad;
            QVERIFY(checkClose(file, model->forward(tokens.at("input_ids"), tokens.at("attention_mask")),
                               golden.at("last_hidden_state"), kEncoderTol));
        }
        // A sharded checkpoint (the published umt5-xxl text_encoder is five shards + an index).
        std::map<std::string, torch::Tensor> shard1, shard2;
        nlohmann::json weightMap = nlohmann::json::object();
        for (const auto& [name, t] : weights) {
            const bool first = name.find("block.0.") != std::string::npos || name == "shared.weight";
            (first ? shard1 : shard2)[name] = t;
            weightMap[name] = first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        }
        writeSafetensors(root / "model-00001-of-00002.safetensors", shard1);
        writeSafetensors(root / "model-00002-of-00002.safetensors", shard2);
        const auto index = writeJson(root, "model.safetensors.index.json",
                                     {{"metadata", nlohmann::json::object()}, {"weight_map", weightMap}});
        {
            auto model = loadUMT5EncoderModel(kFixture / "text_encoder/config.json", index);
            torch::NoGradGuard noGrad;
            QVERIFY(checkClose("sharded checkpoint", model->forward(tokens.at("input_ids"), tokens.at("attention_mask")),
                               golden.at("last_hidden_state"), kEncoderTol));
        }
        auto neither = weights;
        neither.erase("shared.weight");
        writeSafetensors(root / "neither.safetensors", neither);
        QCOMPARE(errorOf([&] { loadUMT5EncoderModel(kFixture / "text_encoder/config.json", root / "neither.safetensors"); }),
                 ErrorCode::ModelInvalid);
    }

    void umt5BadConfigsAndInputs()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        const auto weights = kFixture / "text_encoder/model.safetensors";
        auto bad = [&](const std::function<void(nlohmann::json&)>& edit) {
            auto j = fixtureTextConfig();
            edit(j);
            const auto p = writeJson(root, "config.json", j);
            return errorOf([&] { loadUMT5EncoderModel(p, weights); });
        };
        QCOMPARE(bad([](auto& j) { j.erase("d_model"); }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["num_layers"] = 1000000000; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["d_ff"] = -4; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["num_heads"] = "four"; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["feed_forward_proj"] = "fancy-gelu"; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["feed_forward_proj"] = "gated-mystery"; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["relative_attention_num_buckets"] = 2; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["relative_attention_max_distance"] = 4; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["layer_norm_epsilon"] = 0; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["is_decoder"] = true; }), ErrorCode::ModelInvalid);
        // Config and weights that do not match: refused on the headers, naming the keys.
        QCOMPARE(bad([](auto& j) { j["d_model"] = 64; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["num_layers"] = 3; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["feed_forward_proj"] = "relu"; }), ErrorCode::ModelInvalid); // wi vs wi_0/wi_1
        std::ofstream(root / "broken.json") << "{ nope";
        QCOMPARE(errorOf([&] { loadUMT5Config(root / "broken.json"); }), ErrorCode::ModelInvalid);
        QCOMPARE(errorOf([&] { loadUMT5Config(root / "absent.json"); }), ErrorCode::ModelInvalid);
        // A non-gated config reads as such.
        auto relu = fixtureTextConfig();
        relu["feed_forward_proj"] = "relu";
        const auto c = loadUMT5Config(writeJson(root, "relu.json", relu));
        QVERIFY(!c.isGatedAct);
        QCOMPARE(c.denseActFn, std::string("relu"));

        auto model = loadUMT5EncoderModel(kFixture / "text_encoder/config.json", weights);
        const auto vocab = model->config().vocabSize;
        QCOMPARE(errorOf([&] { model->forward(torch::full({1, 3}, vocab, torch::kInt64), {}); }),
                 ErrorCode::InvalidArgument);
        QCOMPARE(errorOf([&] { model->forward(torch::zeros({3}, torch::kInt64), {}); }), ErrorCode::InvalidArgument);
        QCOMPARE(errorOf([&] { model->forward(torch::zeros({1, 3}, torch::kInt64), torch::ones({1, 4})); }),
                 ErrorCode::InvalidArgument);
    }

    void imageEmbedsMatchGolden()
    {
        const auto golden = loadSafetensors(kFixture / "golden/image.safetensors");
        const auto config = loadWanImageProcessorConfig(kFixture / "image_processor/preprocessor_config.json");
        const auto image = goldenImage(golden);
        const auto pixels = wanPreprocessImage(image, config);
        QVERIFY(checkClose("clip pixel_values [1,3,32,32]", pixels, golden.at("pixel_values"), kEncoderTol));
        for (const char* folder : {"image_encoder", "image_encoder_prefixed"}) {
            auto encoder = loadCLIPVisionModel(kFixture / folder / "config.json", kFixture / folder / "model.safetensors");
            const auto embeds = wanEncodeImage(encoder, image, config);
            QVERIFY(checkClose((std::string(folder) + " hidden_states[-2] [1,17,32]").c_str(), embeds,
                               golden.at("hidden_states_penultimate"), kEncoderTol));
        }
        // A 13x29 image: enlarged to 32x71, then the vertical centre crop.
        const auto small = goldenImage(golden, "small_image_u8");
        QVERIFY(checkClose("small image pixel_values", wanPreprocessImage(small, config),
                           golden.at("small_pixel_values"), kEncoderTol));
        auto encoder = loadCLIPVisionModel(kFixture / "image_encoder/config.json",
                                           kFixture / "image_encoder/model.safetensors");
        QVERIFY(checkClose("small image hidden_states[-2]", wanEncodeImage(encoder, small, config),
                           golden.at("small_hidden_states_penultimate"), kEncoderTol));
        // The same image as a uint8 [H, W, 3] tensor.
        QVERIFY(checkClose("uint8 HWC tensor input", wanEncodeImage(encoder, golden.at("small_image_u8"), config),
                           golden.at("small_hidden_states_penultimate"), kEncoderTol));
        QCOMPARE(errorOf([&] { wanEncodeImage(encoder, torch::zeros({4, 4}, torch::kUInt8), config); }),
                 ErrorCode::InvalidArgument);
        // Two images in one batch (first/last frame): each row as alone.
        const auto pair = wanEncodeImages(encoder, {image, small}, config);
        QVERIFY(checkClose("batch of 2, row 0", pair[0], golden.at("hidden_states_penultimate")[0], kEncoderTol));
        QVERIFY(checkClose("batch of 2, row 1", pair[1], golden.at("small_hidden_states_penultimate")[0],
                           kEncoderTol));
        QCOMPARE(errorOf([&] { wanEncodeImages(encoder, {}, config); }), ErrorCode::InvalidArgument);
    }

    void imageErrors()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        const auto base = nlohmann::json::parse(readText(kFixture / "image_processor/preprocessor_config.json"));
        auto bad = [&](const std::function<void(nlohmann::json&)>& edit) {
            auto j = base;
            edit(j);
            return errorOf([&] { loadWanImageProcessorConfig(writeJson(root, "pp.json", j)); });
        };
        QCOMPARE(bad([](auto& j) { j["resample"] = 1; }), ErrorCode::ModelInvalid); // LANCZOS not ported
        QCOMPARE(bad([](auto& j) { j["size"] = {{"shortest_edge", 0}}; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["crop_size"] = {{"height", 100000}, {"width", 3}}; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["image_std"] = {1.0, 0.0, 1.0}; }), ErrorCode::ModelInvalid);
        QCOMPARE(bad([](auto& j) { j["image_mean"] = "grey"; }), ErrorCode::ModelInvalid);
        QCOMPARE(errorOf([&] { loadWanImageProcessorConfig(root / "absent.json"); }), ErrorCode::ModelInvalid);
        // A processor whose crop does not fit the encoder's image_size.
        auto big = base;
        big["crop_size"] = {{"height", 40}, {"width", 40}};
        big["size"] = {{"shortest_edge", 40}};
        const auto bigConfig = loadWanImageProcessorConfig(writeJson(root, "big.json", big));
        auto encoder = loadCLIPVisionModel(kFixture / "image_encoder/config.json",
                                           kFixture / "image_encoder/model.safetensors");
        Image img(50, 45);
        QCOMPARE(errorOf([&] { wanEncodeImage(encoder, img, bigConfig); }), ErrorCode::InvalidArgument);
        QCOMPARE(errorOf([&] { wanEncodeImage(encoder, Image(), bigConfig); }), ErrorCode::InvalidArgument);
        // Weights of another size are refused on the headers.
        auto cfg = nlohmann::json::parse(readText(kFixture / "image_encoder/config.json"));
        cfg["num_hidden_layers"] = 4;
        QCOMPARE(errorOf([&] {
                     loadCLIPVisionModel(writeJson(root, "clip.json", cfg), kFixture / "image_encoder/model.safetensors");
                 }),
                 ErrorCode::ModelInvalid);
    }

    void bfloat16StaysClose()
    {
        // The real encoders run in bfloat16 on GPUs: the same code in bfloat16 on the CPU stays near the
        // float32 reference (bf16 has 8 mantissa bits, so the bound is loose; a dtype bug is far off).
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/text.safetensors");
        auto text = loadUMT5EncoderModel(kFixture / "text_encoder/config.json",
                                         kFixture / "text_encoder/model.safetensors", torch::kBFloat16);
        torch::NoGradGuard noGrad;
        const auto hidden = text->forward(tokens.at("input_ids"), tokens.at("attention_mask"));
        QCOMPARE(hidden.scalar_type(), torch::kBFloat16);
        QVERIFY(checkClose("umt5 bfloat16", hidden, golden.at("last_hidden_state"), 0.15));
        const auto image = loadSafetensors(kFixture / "golden/image.safetensors");
        const auto config = loadWanImageProcessorConfig(kFixture / "image_processor/preprocessor_config.json");
        auto encoder = loadCLIPVisionModel(kFixture / "image_encoder/config.json",
                                           kFixture / "image_encoder/model.safetensors", torch::kBFloat16);
        const auto embeds = wanEncodeImage(encoder, goldenImage(image), config);
        QCOMPARE(embeds.scalar_type(), torch::kBFloat16);
        QVERIFY(checkClose("clip bfloat16", embeds, image.at("hidden_states_penultimate"), 0.15));
    }

    void realConfigsOnMeta()
    {
        const auto dir = kFixture / "real-configs";
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta));
        const auto textConfig = loadUMT5Config(dir / "text_encoder_config.json");
        UMT5EncoderModel text(textConfig);
        std::int64_t textParams = 0;
        for (const auto& p : text->named_parameters(true)) {
            if (p.key() != "encoder.embed_tokens.weight") // the tied embedding, counted once
                textParams += p.value().numel();
        }
        QCOMPARE(textParams, std::int64_t(5680910336)); // transformers 5.24 UMT5EncoderModel on meta
        CLIPVisionModel image(loadCLIPVisionConfig(dir / "image_encoder_config.json"));
        QCOMPARE(nn::parameterCount(*image), std::int64_t(630766080)); // transformers 5.24 CLIPVisionModel
        const auto pp = loadWanImageProcessorConfig(dir / "preprocessor_config.json");
        QCOMPARE(pp.cropHeight, 224);
        QCOMPARE(pp.shortestEdge, 224);
        // The image embedding is [B, tokens, hidden] with tokens = the position table's rows (LibTorch has no
        // meta kernel for the patch convolution, so the shape is read from the parameters).
        const auto positions = image->named_parameters(true)["vision_model.embeddings.position_embedding.weight"];
        QCOMPARE(positions.sizes().vec(), (std::vector<std::int64_t>{257, 1280}));
    }
};

QTEST_GUILESS_MAIN(TestWanTextEncoders)
#include "test_wan_text_encoders.moc"
