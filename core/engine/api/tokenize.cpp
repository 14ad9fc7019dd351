#include "core/engine/api/tokenize.h"

#include "core/base/error.h"
#include "core/engine/runtime/model_folder.h"
#include "core/engine/tokenizer/clip_tokenizer.h"

#include <memory>
#include <mutex>

namespace i2v {
namespace {

std::filesystem::path tokenizerFolder(const std::string& model)
{
    std::error_code ec;
    const std::filesystem::path p(model);
    if (std::filesystem::is_regular_file(p / "vocab.json", ec))
        return p;
    if (std::filesystem::is_directory(p / "tokenizer", ec))
        return p / "tokenizer";
    if (std::filesystem::is_directory(p, ec))
        fail(ErrorCode::ModelInvalid, model + ": no tokenizer/ folder (and no vocab.json). Choose the model "
                                              "folder that contains model_index.json.");
    const auto resolved = resolveModel(model); // "ORG/NAME" in the hub cache; throws ModelNotFound
    const auto* c = resolved.component("tokenizer");
    if (!c)
        fail(ErrorCode::ModelInvalid, resolved.root.string() + ": the model has no tokenizer component");
    return c->folder;
}

} // namespace

TokenizeResult tokenizePrompt(const std::string& model, const std::string& text)
{
    static std::mutex mutex;
    static std::filesystem::path cachedFolder;
    static std::shared_ptr<const ClipTokenizer> cached;

    const auto folder = tokenizerFolder(model);
    std::shared_ptr<const ClipTokenizer> tokenizer;
    {
        std::lock_guard lock(mutex);
        if (!cached || cachedFolder != folder) {
            cached = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromFolder(folder));
            cachedFolder = folder;
        }
        tokenizer = cached;
    }
    const auto e = tokenizer->encode(text);
    TokenizeResult r;
    r.inputIds = e.inputIds;
    r.attentionMask = e.attentionMask;
    r.tokens = e.tokens;
    r.tokenIds.assign(e.untruncatedIds.begin() + 1, e.untruncatedIds.end() - 1);
    r.count = static_cast<int>(e.untruncatedIds.size());
    r.limit = tokenizer->maxLength();
    r.truncated = e.truncated;
    return r;
}

} // namespace i2v
