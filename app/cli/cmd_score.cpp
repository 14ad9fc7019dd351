// i2v score: ranks existing clips with a CLIP model against a prompt and the source image (the score of
// core/engine/api/clip_score.h, as best of N uses it), so clips made anywhere can be compared.

#include "cli_common.h"
#include "commands.h"

#include "core/engine/api/clip_score.h"
#include "core/service/best_of.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace {

double numberOption(const i2v::cli::ParsedArgs& parsed, const std::string& name, double fallback)
{
    const auto it = parsed.values.find(name);
    if (it == parsed.values.end())
        return fallback;
    try {
        std::size_t used = 0;
        const double v = std::stod(it->second, &used);
        if (used == it->second.size())
            return v;
    } catch (const std::exception&) {
    }
    i2v::fail(i2v::ErrorCode::InvalidArgument, "--" + name + ": '" + it->second + "' is not a number");
}

} // namespace

int runScore(const std::vector<std::string>& args)
{
    using namespace i2v;
    const ScoreWeights defaults;
    const std::vector<cli::OptionSpec> specs = {
        {"prompt", "TEXT", "the prompt the clips should show (empty: no prompt term)"},
        {"image", "FILE", "the source image (faithfulness term; absent: no image term)"},
        {"prompt-weight", "W", "weight of the prompt-frame similarity (default " + scoreText(defaults.prompt) + ")"},
        {"image-weight", "W", "weight of the frame-image similarity (default " + scoreText(defaults.image) + ")"},
        {"temporal-weight", "W", "weight of the temporal term (default " + scoreText(defaults.temporal) + ")"},
        {"temporal-target", "C",
         "consecutive-frame similarity the temporal term peaks at (default " + scoreText(defaults.temporalTarget) + ")"},
        {"temporal-width", "D", "distance from the target where it reaches 0 (default " +
                                    scoreText(defaults.temporalWidth) + ")"},
        {"frames", "N", "frames sampled evenly per clip (default " + std::to_string(defaults.maxFrames) + ")"},
        {"device", "DEV", "auto, cpu, cuda or cuda:N (default auto)"},
        {"json", "", "print one JSON object instead of the table"},
    };
    return cli::guarded([&] {
        const cli::ParsedArgs parsed = cli::parseArgs(args, specs, 1000);
        if (parsed.help) {
            std::printf("Usage: i2v score CLIP_MODEL [--prompt TEXT] [--image FILE] [options] CLIP...\n\n"
                        "Scores clips with a CLIP model (a transformers CLIPModel folder or ORG/NAME in the Hugging "
                        "Face cache)\nand prints them best first. score = prompt-weight * P + image-weight * I + "
                        "temporal-weight * T:\nP = mean cosine of the prompt and the frames, I = mean cosine of the "
                        "image and the frames,\nT = mean over consecutive frames of max(0, 1 - ((c - target) / "
                        "width)^2), c their cosine\n(frozen and flickering clips get 0).\n\nOptions:\n%s",
                        cli::optionsHelp(specs).c_str());
            return static_cast<int>(kExitOk);
        }
        if (parsed.positionals.size() < 2)
            fail(ErrorCode::InvalidArgument, "give the CLIP model and at least one clip: i2v score CLIP_MODEL "
                                             "--prompt TEXT --image FILE clip1.mp4 [clip2.mp4 ...]");
        ScoreWeights w;
        w.prompt = numberOption(parsed, "prompt-weight", w.prompt);
        w.image = numberOption(parsed, "image-weight", w.image);
        w.temporal = numberOption(parsed, "temporal-weight", w.temporal);
        w.temporalTarget = numberOption(parsed, "temporal-target", w.temporalTarget);
        w.temporalWidth = numberOption(parsed, "temporal-width", w.temporalWidth);
        const double frames = numberOption(parsed, "frames", w.maxFrames);
        if (frames != static_cast<int>(frames) || frames < 1 || frames > 1024)
            fail(ErrorCode::InvalidArgument, "--frames must be a whole number in 1..1024");
        w.maxFrames = static_cast<int>(frames);
        validateScoreWeights(w);

        const std::string prompt = parsed.values.count("prompt") ? parsed.values.at("prompt") : std::string();
        const std::string image = parsed.values.count("image") ? parsed.values.at("image") : std::string();
        const std::string device = parsed.values.count("device") ? parsed.values.at("device") : std::string("auto");
        const std::vector<std::string> clips(parsed.positionals.begin() + 1, parsed.positionals.end());
        const ClipRanking ranking = rankClipFiles(parsed.positionals.front(), clips, prompt, image, w, device);

        if (parsed.switches.count("json")) {
            nlohmann::json list = nlohmann::json::array();
            for (const RankedClip& c : ranking.clips) {
                const ClipScore& s = c.score;
                nlohmann::json item = {{"rank", c.rank},
                                       {"file", c.file},
                                       {"score", s.total},
                                       {"temporal", s.temporal},
                                       {"consecutive_similarity", s.consecutiveSimilarity},
                                       {"frames_scored", s.framesScored}};
                item["prompt_similarity"] = s.promptSimilarity ? nlohmann::json(*s.promptSimilarity) : nlohmann::json();
                item["image_similarity"] = s.imageSimilarity ? nlohmann::json(*s.imageSimilarity) : nlohmann::json();
                list.push_back(item);
            }
            const nlohmann::json out = {
                {"scorer", ranking.scorerFolder},
                {"weights",
                 {{"prompt", w.prompt}, {"image", w.image}, {"temporal", w.temporal},
                  {"temporal_target", w.temporalTarget}, {"temporal_width", w.temporalWidth}, {"frames", w.maxFrames}}},
                {"clips", list}};
            std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
            return static_cast<int>(kExitOk);
        }
        std::printf("rank  score    prompt   image    temporal  consec.  clip\n");
        const auto opt = [](const std::optional<double>& v) { return v ? scoreText(*v) : std::string("   -  "); };
        for (const RankedClip& c : ranking.clips) {
            const ClipScore& s = c.score;
            std::printf("%4d  %-7s  %-7s  %-7s  %-8s  %-7s  %s\n", c.rank, scoreText(s.total).c_str(),
                        opt(s.promptSimilarity).c_str(), opt(s.imageSimilarity).c_str(), scoreText(s.temporal).c_str(),
                        scoreText(s.consecutiveSimilarity).c_str(), c.file.c_str());
        }
        return static_cast<int>(kExitOk);
    });
}
