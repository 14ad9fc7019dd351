#include "core/service/best_of_pick.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/recipe.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace i2v {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json parseRecipe(const std::string& text, const std::string& what)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        fail(ErrorCode::InvalidArgument, what + ": not a recipe (a JSON object)");
    return j;
}

// The (best_of_pick, best_of_pick_by) a recipe records; empty strings when absent.
std::pair<std::string, std::string> recordedPick(const json& recipe)
{
    const json* details = nullptr;
    if (recipe.contains("result") && recipe["result"].is_object() && recipe["result"].contains("details") &&
        recipe["result"]["details"].is_object())
        details = &recipe["result"]["details"];
    if (!details)
        return {};
    return {details->value("best_of_pick", std::string()), details->value("best_of_pick_by", std::string())};
}

void setPickDetails(std::map<std::string, std::string>& details, bool pick, bool byHand)
{
    details["best_of_pick"] = pick ? "yes" : "no";
    if (pick && byHand)
        details["best_of_pick_by"] = "hand";
    else
        details.erase("best_of_pick_by");
}

} // namespace

std::string recipeWithPick(const std::string& recipeJson, bool pick, bool byHand)
{
    json j = parseRecipe(recipeJson, "recipe");
    json& details = j["result"]["details"];
    if (!details.is_object())
        details = json::object();
    details["best_of_pick"] = pick ? "yes" : "no";
    if (pick && byHand)
        details["best_of_pick_by"] = "hand";
    else
        details.erase("best_of_pick_by");
    return j.dump(2, ' ', false, json::error_handler_t::replace); // as recipeToJson writes it
}

JobOutcome withPick(JobOutcome outcome, std::size_t index)
{
    if (outcome.state != JobState::Done || outcome.variations.empty())
        fail(ErrorCode::InvalidArgument, "only a finished best-of-N job has a pick to change");
    if (index >= outcome.variations.size())
        fail(ErrorCode::InvalidArgument, "variation " + std::to_string(index + 1) + " of " +
                                             std::to_string(outcome.variations.size()) + " does not exist");
    std::size_t old = outcome.variations.size();
    for (std::size_t i = 0; i < outcome.variations.size(); ++i)
        if (outcome.variations[i].pick)
            old = i;
    // Every check is done: from here on nothing throws but the JSON edits of recipes this service wrote, which
    // are made first so that a failure leaves the outcome as it was.
    std::vector<std::string> recipes;
    for (std::size_t i = 0; i < outcome.variations.size(); ++i)
        recipes.push_back(recipeWithPick(outcome.variations[i].recipeJson, i == index, i == index));
    if (old < outcome.variations.size() && old != index) {
        VariationOutcome& was = outcome.variations[old];
        was.result.frames = std::move(outcome.result.frames);
        outcome.result.frames.clear();
    }
    for (std::size_t i = 0; i < outcome.variations.size(); ++i) {
        VariationOutcome& v = outcome.variations[i];
        v.pick = i == index;
        v.recipeJson = std::move(recipes[i]);
        setPickDetails(v.result.details, v.pick, v.pick);
    }
    VariationOutcome& now = outcome.variations[index];
    std::vector<Image> frames = old == index ? std::move(outcome.result.frames) : std::move(now.result.frames);
    now.result.frames.clear();
    outcome.result = now.result; // details, fps, model (the frames were just taken out)
    outcome.result.frames = std::move(frames);
    outcome.used = now.used;
    outcome.recipeJson = now.recipeJson;
    outcome.files = now.files;
    for (const VariationOutcome& v : outcome.variations)
        if (!v.pick)
            outcome.files.insert(outcome.files.end(), v.files.begin(), v.files.end());
    if (old != index)
        outcome.log.push_back("best of " + std::to_string(outcome.variations.size()) + ": variation " +
                              std::to_string(index + 1) + " (rank " + std::to_string(now.rank) +
                              ") made the pick by hand");
    return outcome;
}

std::vector<std::string> writePickToSidecars(const JobOutcome& outcome)
{
    std::vector<std::string> written;
    for (const VariationOutcome& v : outcome.variations) {
        if (v.files.empty())
            continue;
        const fs::path sidecar = sidecarPathFor(v.files.front());
        std::error_code ec;
        if (!fs::is_regular_file(sidecar, ec))
            continue;
        const json onDisk = parseRecipe(readFileBytes(sidecar, 16u << 20), sidecar.string());
        const json wanted = parseRecipe(v.recipeJson, "variation " + std::to_string(v.index + 1));
        if (recordedPick(onDisk) == recordedPick(wanted))
            continue;
        // The sidecar's own text with the flag changed: anything else in it (edited by hand) is kept.
        writeFileAtomic(sidecar, recipeWithPick(onDisk.dump(), v.pick, v.pick && recordedPick(wanted).second == "hand"),
                        /*overwrite=*/true);
        written.push_back(sidecar.string());
    }
    return written;
}

} // namespace i2v
