// ClipScorer (core/engine/api/clip_score.h) on a transformers CLIPModel folder: the towers and projections
// of modeling_clip.h, the CLIP tokenizer and the CLIPImageProcessor steps of image_processing.h. The text
// is tokenised with padding to model_max_length (as CLIPProcessor(padding="max_length") does); padding
// after the end token changes nothing (causal mask, pooling at the first end token).

#include "core/engine/api/clip_score.h"

#include "core/base/error.h"
#include "core/engine/models/clip/image_processing.h"
#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/runtime/device.h"
#include "core/engine/runtime/model_folder.h"
#include "core/engine/tokenizer/clip_tokenizer.h"

#include <filesystem>

namespace i2v {
namespace {

namespace fs = std::filesystem;

// Frames per vision-tower call: bounds the activation memory of a long clip on a large ViT.
constexpr std::int64_t kFramesPerBatch = 8;

class TorchClipScorer final : public ClipScorer {
public:
    TorchClipScorer(const fs::path& folder, const LoadOptions& options)
        : m_folder(folder), m_choice(resolveDevice(options.device, options.dtype)),
          m_tokenizer(ClipTokenizer::fromFolder(fs::exists(folder / "vocab.json") ? folder : folder / "tokenizer")),
          m_processor(loadClipImageProcessorConfig(folder / "preprocessor_config.json")),
          m_model(loadCLIPModel(folder / "config.json",
                                componentWeightsFile(folder, m_choice.dtype == torch::kFloat16), m_choice.dtype,
                                m_choice.device))
    {
        const auto& text = m_model->config().text;
        if (m_tokenizer.maxLength() > text.maxPositionEmbeddings)
            fail(ErrorCode::ModelInvalid, (folder / "tokenizer_config.json").string() + ": model_max_length " +
                                              std::to_string(m_tokenizer.maxLength()) +
                                              " exceeds the text tower's max_position_embeddings " +
                                              std::to_string(text.maxPositionEmbeddings));
        if (m_tokenizer.maxId() >= text.vocabSize)
            fail(ErrorCode::ModelInvalid, (folder / "vocab.json").string() + ": token ids reach " +
                                              std::to_string(m_tokenizer.maxId()) + " but vocab_size is " +
                                              std::to_string(text.vocabSize));
        if (m_processor.resampleCode != 2 && m_processor.resampleCode != 3)
            fail(ErrorCode::ModelInvalid, (folder / "preprocessor_config.json").string() + ": resample " +
                                              std::to_string(m_processor.resampleCode) +
                                              " is not supported (2 bilinear, 3 bicubic)");
        const auto& vision = m_model->config().vision;
        if (m_processor.cropWidth != vision.imageSize || m_processor.cropHeight != vision.imageSize)
            fail(ErrorCode::ModelInvalid, (folder / "preprocessor_config.json").string() + ": crop_size " +
                                              std::to_string(m_processor.cropWidth) + "x" +
                                              std::to_string(m_processor.cropHeight) +
                                              " does not match the vision tower's image_size " +
                                              std::to_string(vision.imageSize));
    }

    std::vector<std::int64_t> tokenIds(const std::string& prompt) const override
    {
        return m_tokenizer.encode(prompt).inputIds;
    }

    std::vector<float> textEmbedding(const std::string& prompt) override { return toVector(textEmbeds(prompt)); }

    std::vector<float> imageEmbedding(const Image& image) override { return toVector(imageEmbeds({&image})); }

    ClipScore score(const std::vector<Image>& frames, const Image* source, const std::string& prompt,
                    const ScoreWeights& weights) override
    {
        validateScoreWeights(weights);
        if (frames.empty())
            fail(ErrorCode::InvalidArgument, "scoring: the clip has no frames");
        std::vector<const Image*> sampled;
        for (int i : sampleFrameIndices(static_cast<int>(frames.size()), weights.maxFrames))
            sampled.push_back(&frames[static_cast<std::size_t>(i)]);
        const torch::NoGradGuard noGrad;
        const auto f = normalise(imageEmbeds(sampled)); // [n, D]
        std::optional<double> p, im;
        if (!prompt.empty())
            p = f.matmul(normalise(textEmbeds(prompt)).squeeze(0)).mean().item<double>();
        if (source && !source->empty())
            im = f.matmul(normalise(imageEmbeds({source})).squeeze(0)).mean().item<double>();
        std::vector<double> consecutive;
        if (f.size(0) > 1) {
            const auto c = (f.slice(0, 0, -1) * f.slice(0, 1)).sum(-1).contiguous();
            const auto acc = c.accessor<double, 1>();
            for (std::int64_t i = 0; i < c.size(0); ++i)
                consecutive.push_back(acc[i]);
        }
        return combineScore(p, im, consecutive, weights);
    }

    std::string folder() const override { return m_folder.string(); }

    std::string describe() const override
    {
        const auto& c = m_model->config();
        return "CLIP (vision " + std::to_string(c.vision.numHiddenLayers) + " layers, " +
               std::to_string(c.vision.imageSize) + " px; projection " + std::to_string(c.projectionDim) + ") on " +
               m_choice.describe();
    }

private:
    torch::Tensor textEmbeds(const std::string& prompt)
    {
        const torch::NoGradGuard noGrad;
        const auto ids = m_tokenizer.encode(prompt).inputIds;
        const auto t = torch::tensor(ids, torch::kInt64).view({1, -1}).to(m_choice.device);
        return m_model->textEmbeds(t).to(torch::kFloat64).cpu(); // [1, D]
    }

    torch::Tensor imageEmbeds(const std::vector<const Image*>& images)
    {
        const torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> out;
        for (std::size_t start = 0; start < images.size(); start += kFramesPerBatch) {
            std::vector<torch::Tensor> pixels;
            for (std::size_t i = start; i < std::min(images.size(), start + kFramesPerBatch); ++i)
                pixels.push_back(preprocessForClipProcessor(*images[i], m_processor));
            const auto batch = torch::cat(pixels).to(m_choice.device, m_choice.dtype);
            out.push_back(m_model->imageEmbeds(batch).to(torch::kFloat64).cpu());
        }
        return torch::cat(out); // [n, D]
    }

    static torch::Tensor normalise(const torch::Tensor& x) { return x / x.norm(2, -1, true).clamp_min(1e-12); }

    static std::vector<float> toVector(const torch::Tensor& x)
    {
        const auto f = x.squeeze(0).to(torch::kFloat32).contiguous();
        return {f.data_ptr<float>(), f.data_ptr<float>() + f.numel()};
    }

    fs::path m_folder;
    DeviceChoice m_choice;
    ClipTokenizer m_tokenizer;
    ClipImageProcessorConfig m_processor;
    CLIPModel m_model{nullptr};
};

} // namespace

std::unique_ptr<ClipScorer> loadClipScorer(const std::string& folder, const LoadOptions& options)
{
    const fs::path dir(folder);
    if (!fs::is_directory(dir))
        fail(ErrorCode::ModelNotFound, "CLIP model folder " + folder + " does not exist");
    if (!isClipModelFolder(folder))
        fail(ErrorCode::ModelInvalid, (dir / "config.json").string() +
                                          " is missing or is not a CLIPModel config (text_config + vision_config)");
    return std::make_unique<TorchClipScorer>(dir, options);
}

} // namespace i2v
