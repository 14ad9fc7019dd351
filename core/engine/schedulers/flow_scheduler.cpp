// Factory for the flow schedulers (picks the class named in scheduler_config.json) and shared helpers.
#include "core/engine/schedulers/flow_scheduler.h"

#include "core/base/error.h"
#include "core/engine/schedulers/json_keys.h"
#include "core/engine/schedulers/scheduling_flow_match_euler.h"
#include "core/engine/schedulers/scheduling_unipc.h"

#include <fstream>
#include <sstream>

namespace i2v {

namespace schedjson {
std::string readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(ErrorCode::FileNotFound, path + ": scheduler config not found or unreadable");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > (1u << 20))
        fail(ErrorCode::ModelInvalid, path + ": scheduler config is larger than 1 MiB");
    return text.str();
}
} // namespace schedjson

std::vector<double> numpyLinspace(double start, double stop, int num)
{
    std::vector<double> out;
    if (num <= 0)
        return out;
    if (num == 1)
        return {start};
    const double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; ++i)
        out.push_back(i * step + start);
    out.back() = stop;
    return out;
}

std::unique_ptr<FlowScheduler> makeFlowScheduler(const std::string& jsonText, const std::string& name)
{
    const nlohmann::json j = schedjson::parseObject(jsonText, name);
    std::string cls;
    schedjson::readKey(j, "_class_name", cls, name);
    if (cls == "UniPCMultistepScheduler")
        return std::make_unique<UniPCMultistepScheduler>(UniPCSchedulerConfig::fromJson(jsonText, name), name);
    if (cls == "FlowMatchEulerDiscreteScheduler")
        return std::make_unique<FlowMatchEulerDiscreteScheduler>(FlowMatchEulerConfig::fromJson(jsonText, name),
                                                                 name);
    fail(ErrorCode::ModelInvalid, name + ": \"_class_name\" = \"" + cls +
                                      "\" is not a scheduler this engine runs (UniPCMultistepScheduler, "
                                      "FlowMatchEulerDiscreteScheduler)");
}

std::unique_ptr<FlowScheduler> loadFlowScheduler(const std::filesystem::path& configFile)
{
    return makeFlowScheduler(schedjson::readTextFile(configFile.string()), configFile.string());
}

} // namespace i2v
