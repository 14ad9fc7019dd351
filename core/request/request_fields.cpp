#include "core/request/request_fields.h"

#include "core/base/error.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <type_traits>

namespace i2v {
namespace {

// Every member, in declaration order. A member added to the struct stops these lines compiling (a
// structured binding must name every member): add its row to the table below, then its name here.
[[maybe_unused]] void requestMembers(const GenerationRequest& r)
{
    const auto& [image, imagePath, prompt, negativePrompt, family, modelDir, motion, easing, width, height, frames,
                 fps, steps, guidance, strength, flowShift, seed, imageNoiseSeed, decodeChunk, device, dtype,
                 previewEvery, bestOf, scorer, retrySmallerOnOutOfMemory, output] = r;
}
[[maybe_unused]] void outputMembers(const OutputSettings& o)
{
    const auto& [format, path, outputDir, framesDir, crf, writeSidecar] = o;
}

// Typed conversions between members and FieldValue.
FieldValue toValue(const std::string& v) { return v; }
FieldValue toValue(int v) { return static_cast<std::int64_t>(v); }
FieldValue toValue(std::int64_t v) { return v; }
FieldValue toValue(double v) { return v; }
FieldValue toValue(bool v) { return v; }
FieldValue toValue(const std::optional<std::int64_t>& v) { return v ? FieldValue(*v) : FieldValue(); }
FieldValue toValue(OutputFormat f) { return std::string(outputFormatName(f)); }

double asDouble(const FieldValue& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* b = std::get_if<bool>(&v))
        return *b ? 1 : 0;
    return 0;
}

std::int64_t asInt64(const FieldValue& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return *i;
    return static_cast<std::int64_t>(std::llround(asDouble(v)));
}

void fromValue(const FieldValue& v, std::string& out)
{
    if (const auto* s = std::get_if<std::string>(&v))
        out = *s;
}
void fromValue(const FieldValue& v, int& out) { out = static_cast<int>(asInt64(v)); }
void fromValue(const FieldValue& v, std::int64_t& out) { out = asInt64(v); }
void fromValue(const FieldValue& v, double& out) { out = asDouble(v); }
void fromValue(const FieldValue& v, bool& out) { out = asDouble(v) != 0; }
void fromValue(const FieldValue& v, std::optional<std::int64_t>& out)
{
    out = std::holds_alternative<std::monostate>(v) ? std::nullopt : std::optional<std::int64_t>(asInt64(v));
}
void fromValue(const FieldValue& v, OutputFormat& out)
{
    if (const auto* s = std::get_if<std::string>(&v))
        if (const auto f = parseOutputFormat(*s))
            out = *f;
}

template <auto Member>
FieldValue get(const GenerationRequest& r)
{
    return toValue(r.*Member);
}
template <auto Member>
void set(GenerationRequest& r, const FieldValue& v)
{
    fromValue(v, r.*Member);
}
template <auto Member>
FieldValue getOut(const GenerationRequest& r)
{
    return toValue(r.output.*Member);
}
template <auto Member>
void setOut(GenerationRequest& r, const FieldValue& v)
{
    fromValue(v, r.output.*Member);
}

using R = GenerationRequest;
using O = OutputSettings;
using T = FieldType;
using S = RangeSource;

} // namespace

const std::vector<RequestField>& requestFields()
{
    // name, JSON key, flag, value name, type, range source, choices, min, max, help, accessors
    static const std::vector<RequestField> fields = {
        {"image", "image.path", "image", "FILE", T::Text, S::None, "", 0, 0,
         "the still picture to animate (PNG, JPEG, WebP, BMP, TIFF) [required]", get<&R::imagePath>,
         set<&R::imagePath>},
        {"prompt", "prompt", "prompt", "TEXT", T::Text, S::None, "", 0, 0,
         "what should happen, e.g. \"camera slowly zooming in\" (English or Chinese)", get<&R::prompt>,
         set<&R::prompt>},
        {"negative_prompt", "negative_prompt", "negative-prompt", "TEXT", T::Text, S::None, "", 0, 0,
         "what to avoid (model engines)", get<&R::negativePrompt>, set<&R::negativePrompt>},
        {"family", "family", "engine", "ID", T::Text, S::None, "", 0, 0,
         "engine to use (see `i2v engines`); default: from --model, else camera-motion", get<&R::family>,
         set<&R::family>},
        {"model", "model.path", "model", "FOLDER", T::Text, S::None, "", 0, 0,
         "model folder (or ORG/NAME in the Hugging Face cache)", get<&R::modelDir>, set<&R::modelDir>},
        {"motion", "motion", "motion", "MOVE", T::Text, S::Schema, "", 0, 0,
         "camera move, e.g. zoom-in, pan-left (camera-motion); default: from the prompt", get<&R::motion>,
         set<&R::motion>},
        {"easing", "easing", "easing", "CURVE", T::Text, S::Schema, "", 0, 0,
         "how the move speeds up and slows down, e.g. ease-in-out, linear (camera-motion)", get<&R::easing>,
         set<&R::easing>},
        {"width", "width", "width", "N", T::Int, S::Schema, "", 0, 0, "width in pixels (default: the engine's)",
         get<&R::width>, set<&R::width>},
        {"height", "height", "height", "N", T::Int, S::Schema, "", 0, 0, "height in pixels (default: the engine's)",
         get<&R::height>, set<&R::height>},
        {"frames", "frames", "frames", "N", T::Int, S::Schema, "", 0, 0, "number of frames", get<&R::frames>,
         set<&R::frames>},
        {"fps", "fps", "fps", "N", T::Int, S::Schema, "", 0, 0, "frames per second of the clip", get<&R::fps>,
         set<&R::fps>},
        {"steps", "steps", "steps", "N", T::Int, S::Schema, "", 0, 0, "denoising steps (model engines)",
         get<&R::steps>, set<&R::steps>},
        {"guidance", "guidance", "guidance", "X", T::Number, S::Schema, "", 0, 0, "guidance scale (model engines)",
         get<&R::guidance>, set<&R::guidance>},
        {"strength", "strength", "strength", "X", T::Number, S::Schema, "", 0, 0,
         "amount of movement (camera-motion)", get<&R::strength>, set<&R::strength>},
        {"flow_shift", "flow_shift", "flow-shift", "X", T::Number, S::Schema, "", 0, 0,
         "sampler time shift (wan; 0 = the model's scheduler config, larger = more motion at high resolution)",
         get<&R::flowShift>, set<&R::flowShift>},
        {"seed", "seed", "seed", "N", T::Int64, S::Schema, "", 0, 0,
         "seed: the same seed gives the same clip (default: the engine's, else random; printed)", get<&R::seed>,
         set<&R::seed>},
        {"image_noise_seed", "image_noise_seed", "image-noise-seed", "N", T::OptionalInt64, S::None, "", 0, 0,
         "seed of the image latent sample (i2vgen-xl; default: --seed)", get<&R::imageNoiseSeed>,
         set<&R::imageNoiseSeed>},
        {"decode_chunk", "decode_chunk", "decode-chunk", "N", T::Int, S::Schema, "", 0, 0,
         "frames decoded at once (lower = less memory)", get<&R::decodeChunk>, set<&R::decodeChunk>},
        {"device", "device", "device", "DEV", T::Text, S::Fixed, "auto|cpu|cuda|cuda:N", 0, 0,
         "auto, cpu, cuda or cuda:N (default auto)", get<&R::device>, set<&R::device>},
        {"dtype", "dtype", "dtype", "TYPE", T::Text, S::Fixed, "auto|float32|float16|bfloat16", 0, 0,
         "auto, float32, float16 or bfloat16 (default auto)", get<&R::dtype>, set<&R::dtype>},
        {"preview_every", "preview_every", nullptr, "N", T::Int, S::Fixed, "", 0, 1000,
         "a latent preview every N steps (0 = never)", get<&R::previewEvery>, set<&R::previewEvery>},
        {"best_of", "best_of", "best-of", "N", T::Int, S::Fixed, "", 1, 16,
         "make N variations (seeds drawn from --seed), score them with CLIP (--scorer), keep all, mark the best",
         get<&R::bestOf>, set<&R::bestOf>},
        {"scorer", "scorer", "scorer", "PATH_OR_REPO", T::Text, S::None, "", 0, 0,
         "CLIP model (transformers CLIPModel folder or ORG/NAME in the Hugging Face cache) that scores --best-of",
         get<&R::scorer>, set<&R::scorer>},
        {"out", "output.path", "out", "FILE", T::Text, S::None, "", 0, 0,
         "output file; never overwritten (refused if it exists)", getOut<&O::path>, setOut<&O::path>},
        {"out_dir", "output.output_dir", "out-dir", "DIR", T::Text, S::None, "", 0, 0,
         "folder for an automatically named output (default: current folder)", getOut<&O::outputDir>,
         setOut<&O::outputDir>},
        {"format", "output.format", "format", "FMT", T::Format, S::Fixed, "mp4|webm|gif|png", 0, 0,
         "mp4, webm, gif or png (a folder of PNG frames); default from --out, else mp4", getOut<&O::format>,
         setOut<&O::format>},
        {"frames_dir", "output.frames_dir", "frames-dir", "DIR", T::Text, S::None, "", 0, 0,
         "also write every frame as frame_0001.png... into this new folder", getOut<&O::framesDir>,
         setOut<&O::framesDir>},
        {"crf", "output.crf", "crf", "N", T::Int, S::Fixed, "", 0, 51,
         "video quality 0..51 (lower = better, default 18)", getOut<&O::crf>, setOut<&O::crf>},
        {"sidecar", "output.sidecar", nullptr, "", T::Bool, S::None, "", 0, 0,
         "write the recipe beside the output as <output>.json", getOut<&O::writeSidecar>,
         setOut<&O::writeSidecar>},
        {"oom_retry", nullptr, "no-oom-retry", "", T::Bool, S::None, "", 0, 0,
         "when the GPU runs out of memory, fail instead of retrying once at a smaller size",
         get<&R::retrySmallerOnOutOfMemory>, set<&R::retrySmallerOnOutOfMemory>},
    };
    return fields;
}

const RequestField* findRequestField(std::string_view name)
{
    for (const RequestField& f : requestFields())
        if (name == f.name)
            return &f;
    return nullptr;
}

const RequestField* findRequestFieldByFlag(std::string_view cliFlag)
{
    for (const RequestField& f : requestFields())
        if (f.cliFlag && cliFlag == f.cliFlag)
            return &f;
    return nullptr;
}

std::vector<std::string> fieldChoices(const RequestField& field)
{
    std::vector<std::string> out;
    const std::string_view all = field.choices ? field.choices : "";
    for (std::size_t start = 0; start < all.size();) {
        const std::size_t bar = std::min(all.find('|', start), all.size());
        out.emplace_back(all.substr(start, bar - start));
        start = bar + 1;
    }
    return out;
}

std::string fieldChoicesText(const RequestField& field)
{
    std::string text;
    for (const std::string& c : fieldChoices(field))
        text += (text.empty() ? "" : ", ") + c;
    return text;
}

namespace {

std::string formatNumber(double v)
{
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

bool matchesChoice(const std::string& value, const std::string& choice)
{
    // "cuda:N": the prefix followed by one or more digits.
    if (choice.size() > 2 && choice.compare(choice.size() - 2, 2, ":N") == 0) {
        const std::size_t prefix = choice.size() - 1; // keeps the ':'
        return value.size() > prefix && value.compare(0, prefix, choice, 0, prefix) == 0 &&
               value.find_first_not_of("0123456789", prefix) == std::string::npos;
    }
    return value == choice;
}

} // namespace

void checkFixedRange(const RequestField& field, const FieldValue& value, const std::string& where)
{
    if (field.range != RangeSource::Fixed)
        return;
    const std::vector<std::string> choices = fieldChoices(field);
    if (!choices.empty()) {
        const std::string text = fieldValueText(value);
        for (const std::string& c : choices)
            if (matchesChoice(text, c))
                return;
        fail(ErrorCode::InvalidArgument, where + ": '" + text + "' is not one of " + fieldChoicesText(field));
    }
    if (field.isNumeric()) {
        const double v = asDouble(value);
        if (v < field.minValue || v > field.maxValue)
            fail(ErrorCode::InvalidArgument, where + ": " + formatNumber(v) + " is outside " +
                                                 formatNumber(field.minValue) + ".." + formatNumber(field.maxValue));
    }
}

FieldValue parseFieldText(const RequestField& field, const std::string& text, const std::string& where)
{
    switch (field.type) {
    case FieldType::Int:
    case FieldType::Int64:
    case FieldType::OptionalInt64: {
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
            fail(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a whole number");
        if (field.type == FieldType::Int && (value < INT32_MIN || value > INT32_MAX))
            fail(ErrorCode::InvalidArgument, where + ": " + text + " is out of range");
        return value;
    }
    case FieldType::Number: {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
            fail(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a number");
        return value;
    }
    case FieldType::Bool:
        if (text == "true" || text == "1")
            return true;
        if (text == "false" || text == "0")
            return false;
        fail(ErrorCode::InvalidArgument, where + ": '" + text + "' is not true or false");
    case FieldType::Format:
        if (!parseOutputFormat(text))
            fail(ErrorCode::InvalidArgument, where + ": '" + text + "' is not one of " + fieldChoicesText(field));
        return std::string(outputFormatName(*parseOutputFormat(text)));
    case FieldType::Text:
        return text;
    }
    return text;
}

std::string fieldValueText(const FieldValue& value)
{
    if (const auto* s = std::get_if<std::string>(&value))
        return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value))
        return formatNumber(*d);
    if (const auto* b = std::get_if<bool>(&value))
        return *b ? "true" : "false";
    return {};
}

std::optional<double> requestNumber(const GenerationRequest& r, std::string_view name)
{
    const RequestField* f = findRequestField(name);
    // The seed (Int64) reads as a number too, so the schema's range applies to it wherever a request comes
    // from (a batch line's seed -1 or 2^32 is refused like the CLI's).
    if (!f || !(f->isNumeric() || f->type == FieldType::Int64))
        return std::nullopt;
    return asDouble(f->get(r));
}

bool setRequestNumber(GenerationRequest& r, std::string_view name, double value)
{
    const RequestField* f = findRequestField(name);
    if (!f || !f->isNumeric())
        return false;
    f->set(r, f->type == FieldType::Int ? FieldValue(static_cast<std::int64_t>(std::lround(value))) : FieldValue(value));
    return true;
}

std::optional<std::string> requestText(const GenerationRequest& r, std::string_view name)
{
    const RequestField* f = findRequestField(name);
    if (!f || f->type != FieldType::Text)
        return std::nullopt;
    return std::get<std::string>(f->get(r));
}

bool setRequestText(GenerationRequest& r, std::string_view name, const std::string& value)
{
    const RequestField* f = findRequestField(name);
    if (!f || f->type != FieldType::Text)
        return false;
    f->set(r, value);
    return true;
}

} // namespace i2v
