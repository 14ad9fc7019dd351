// Port of diffusers schedulers/scheduling_flow_match_euler_discrete.py (diffusers 0.42.1). See the header.
#include "core/engine/schedulers/scheduling_flow_match_euler.h"

#include "core/base/error.h"
#include "core/engine/schedulers/json_keys.h"

#include <cmath>

namespace i2v {

using schedjson::readKey;

FlowMatchEulerConfig FlowMatchEulerConfig::fromJson(const std::string& jsonText, const std::string& name)
{
    const nlohmann::json j = schedjson::parseObject(jsonText, name);
    FlowMatchEulerConfig c;
    readKey(j, "num_train_timesteps", c.numTrainTimesteps, name);
    readKey(j, "shift", c.shift, name);
    readKey(j, "use_dynamic_shifting", c.useDynamicShifting, name);
    schedjson::readOptional(j, "shift_terminal", c.shiftTerminal, name);
    readKey(j, "use_karras_sigmas", c.useKarrasSigmas, name);
    readKey(j, "use_exponential_sigmas", c.useExponentialSigmas, name);
    readKey(j, "use_beta_sigmas", c.useBetaSigmas, name);
    readKey(j, "invert_sigmas", c.invertSigmas, name);
    readKey(j, "stochastic_sampling", c.stochasticSampling, name);
    readKey(j, "time_shift_type", c.timeShiftType, name);
    return c;
}

FlowMatchEulerConfig FlowMatchEulerConfig::fromFile(const std::filesystem::path& path)
{
    return fromJson(schedjson::readTextFile(path.string()), path.string());
}

FlowMatchEulerDiscreteScheduler::FlowMatchEulerDiscreteScheduler(FlowMatchEulerConfig config, std::string name)
    : m_config(std::move(config)), m_name(std::move(name))
{
    const FlowMatchEulerConfig& c = m_config;
    const auto bad = [&](const std::string& what) {
        fail(ErrorCode::ModelInvalid, m_name + ": " + what + " (FlowMatchEulerDiscreteScheduler)");
    };
    if (c.numTrainTimesteps < 2 || c.numTrainTimesteps > 100000)
        bad("num_train_timesteps = " + std::to_string(c.numTrainTimesteps) + " is outside 2..100000");
    if (!std::isfinite(c.shift) || c.shift <= 0.0 || c.shift > 1000.0)
        bad("shift = " + std::to_string(c.shift) + " must be in (0, 1000]");
    if (c.useDynamicShifting)
        bad("use_dynamic_shifting needs a per-call mu, which this pipeline does not supply");
    if (c.useKarrasSigmas || c.useExponentialSigmas || c.useBetaSigmas)
        bad("use_karras_sigmas / use_exponential_sigmas / use_beta_sigmas are not supported");
    if (c.stochasticSampling)
        bad("stochastic_sampling is not supported");
    if (c.timeShiftType != "exponential" && c.timeShiftType != "linear")
        bad("time_shift_type must be exponential or linear");
    if (c.shiftTerminal && !(std::isfinite(*c.shiftTerminal) && *c.shiftTerminal >= 0.0 && *c.shiftTerminal < 1.0))
        bad("shift_terminal must be in [0, 1)");
    // __init__: timesteps N..1 (float32), sigmas = t / N, shifted in float32; only the ends are kept.
    const auto n = static_cast<float>(c.numTrainTimesteps);
    const auto shifted = [&](float s) {
        const float a = static_cast<float>(c.shift) * s;
        const float d = 1.0f + static_cast<float>(c.shift - 1.0) * s;
        return a / d;
    };
    m_sigmaMax = shifted(n / n);
    m_sigmaMin = shifted(1.0f / n);
}

void FlowMatchEulerDiscreteScheduler::setTimesteps(int steps, std::optional<double> flowShift)
{
    const int total = m_config.numTrainTimesteps;
    if (steps < 1 || steps > total)
        fail(ErrorCode::InvalidArgument, "steps = " + std::to_string(steps) + " must be between 1 and " +
                                             std::to_string(total) + " (the scheduler's training timesteps)");
    const double shift = flowShift ? *flowShift : m_config.shift;
    if (!std::isfinite(shift) || shift <= 0.0 || shift > 1000.0)
        fail(ErrorCode::InvalidArgument, "flow shift = " + std::to_string(shift) + " must be in (0, 1000]");
    std::vector<double> sig = numpyLinspace(static_cast<double>(m_sigmaMax) * total,
                                            static_cast<double>(m_sigmaMin) * total, steps);
    for (double& s : sig) {
        s = s / total;
        s = shift * s / (1.0 + (shift - 1.0) * s);
    }
    if (m_config.shiftTerminal && *m_config.shiftTerminal > 0.0) {
        const double scale = (1.0 - sig.back()) / (1.0 - *m_config.shiftTerminal);
        for (double& s : sig)
            s = 1.0 - (1.0 - s) / scale;
    }
    std::vector<float> sigF(sig.begin(), sig.end());
    torch::Tensor sigmas = torch::tensor(sigF, torch::kFloat32);
    torch::Tensor timesteps = sigmas * static_cast<double>(total);
    if (m_config.invertSigmas) {
        sigmas = 1.0 - sigmas;
        timesteps = sigmas * static_cast<double>(total);
        sigmas = torch::cat({sigmas, torch::ones({1}, torch::kFloat32)});
    } else {
        sigmas = torch::cat({sigmas, torch::zeros({1}, torch::kFloat32)});
    }
    m_timesteps = timesteps;
    m_sigmas = sigmas;
    // The reference finds the first step's index by value and takes the second match when there are two.
    m_stepIndex = (steps > 1 && m_timesteps[0].item<float>() == m_timesteps[1].item<float>()) ? 1 : 0;
}

std::vector<double> FlowMatchEulerDiscreteScheduler::timestepValues() const
{
    std::vector<double> out;
    if (!m_timesteps.defined())
        return out;
    const auto acc = m_timesteps.accessor<float, 1>();
    for (std::int64_t i = 0; i < acc.size(0); ++i)
        out.push_back(acc[i]);
    return out;
}

torch::Tensor FlowMatchEulerDiscreteScheduler::timestepTensor(std::size_t index) const
{
    if (!m_timesteps.defined() || static_cast<std::int64_t>(index) >= m_timesteps.size(0))
        fail(ErrorCode::InvalidArgument, "Euler timestep index out of range");
    return m_timesteps[static_cast<std::int64_t>(index)].clone();
}

torch::Tensor FlowMatchEulerDiscreteScheduler::step(const torch::Tensor& modelOutput, const torch::Tensor& sample)
{
    if (!m_sigmas.defined())
        fail(ErrorCode::InvalidArgument, "Euler step before setTimesteps");
    if (m_stepIndex >= m_sigmas.size(0) - 1)
        fail(ErrorCode::InvalidArgument, "Euler step past the last timestep");
    const torch::Tensor s = sample.to(torch::kFloat32);
    const torch::Tensor dt = m_sigmas[m_stepIndex + 1] - m_sigmas[m_stepIndex];
    torch::Tensor prev = s + dt * modelOutput;
    ++m_stepIndex;
    return prev.to(modelOutput.scalar_type());
}

} // namespace i2v
