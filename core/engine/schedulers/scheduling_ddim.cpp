// Port of diffusers schedulers/scheduling_ddim.py (v0.31.0). See scheduling_ddim.h for the contract.
#include "core/engine/schedulers/scheduling_ddim.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <fstream>
#include <sstream>

namespace i2v {

namespace {

using nlohmann::json;

template <typename T>
void readKey(const json& j, const char* key, T& out, const std::string& name)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        // An integer that fits: 1e12 or 2^40 must not wrap around into a plausible-looking value.
        const bool fits = (it->is_number_integer() && it->get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                           it->get<std::int64_t>() <= std::numeric_limits<T>::max()) ||
                          (it->is_number_unsigned() && it->get<std::uint64_t>() <= static_cast<std::uint64_t>(
                                                                                      std::numeric_limits<T>::max()));
        if (!fits)
            fail(ErrorCode::ModelInvalid, name + ": key \"" + key + "\" = " + it->dump() +
                                              " is not an integer in range. The model's scheduler config is damaged.");
    }
    try {
        out = it->get<T>();
    } catch (const json::exception& e) {
        fail(ErrorCode::ModelInvalid, name + ": key \"" + key + "\" has the wrong type (" + e.what() + ")");
    }
}

// Bounds a real model's scheduler config stays within; anything outside is a damaged file, said as such
// (exit 4, "model problem"), before it can turn into a user's "steps out of range" or a black clip.
void checkBounds(const DDIMSchedulerConfig& c, const std::string& name)
{
    const auto bad = [&](const std::string& what) {
        fail(ErrorCode::ModelInvalid, name + ": " + what +
                                          ". The model's scheduler config is damaged; download the model again.");
    };
    if (c.numTrainTimesteps < 50 || c.numTrainTimesteps > 100000)
        bad("num_train_timesteps = " + std::to_string(c.numTrainTimesteps) + " is outside 50..100000");
    if (c.stepsOffset < 0 || c.stepsOffset >= c.numTrainTimesteps)
        bad("steps_offset = " + std::to_string(c.stepsOffset) + " is outside 0.." +
            std::to_string(c.numTrainTimesteps - 1));
    const auto isBeta = [](double b) { return std::isfinite(b) && b > 0.0 && b < 1.0; };
    // Checked for every schedule: squaredcos_cap_v2 ignores them, but 2.0 there is still a damaged file.
    if (c.trainedBetas.empty()) {
        if (!isBeta(c.betaStart) || !isBeta(c.betaEnd) || c.betaStart > c.betaEnd)
            bad("beta_start = " + std::to_string(c.betaStart) + " and beta_end = " + std::to_string(c.betaEnd) +
                " must satisfy 0 < beta_start <= beta_end < 1");
    }
    for (double b : c.trainedBetas)
        if (!isBeta(b))
            bad("trained_betas holds " + std::to_string(b) + ", outside (0, 1)");
    if (c.clipSample && !(std::isfinite(c.clipSampleRange) && c.clipSampleRange > 0))
        bad("clip_sample_range must be a positive number");
    if (c.thresholding && !(c.dynamicThresholdingRatio > 0 && c.dynamicThresholdingRatio <= 1 &&
                            std::isfinite(c.sampleMaxValue) && c.sampleMaxValue > 0))
        bad("thresholding needs 0 < dynamic_thresholding_ratio <= 1 and a positive sample_max_value");
}

// betas_for_alpha_bar with the cosine transform: computed in double like Python, stored as float32.
torch::Tensor betasForAlphaBar(int n, double maxBeta = 0.999)
{
    const auto alphaBar = [](double t) {
        const double c = std::cos((t + 0.008) / 1.008 * M_PI / 2.0);
        return c * c;
    };
    std::vector<float> betas(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double t1 = static_cast<double>(i) / n;
        const double t2 = static_cast<double>(i + 1) / n;
        betas[static_cast<std::size_t>(i)] = static_cast<float>(std::min(1.0 - alphaBar(t2) / alphaBar(t1), maxBeta));
    }
    return torch::tensor(betas, torch::kFloat32);
}

// rescale_zero_terminal_snr (arXiv 2305.08891, Algorithm 1), same float32 operations as the reference.
torch::Tensor rescaleZeroTerminalSnr(const torch::Tensor& betas)
{
    torch::Tensor alphas = 1.0 - betas;
    torch::Tensor alphasBarSqrt = torch::cumprod(alphas, 0).sqrt();
    const torch::Tensor first = alphasBarSqrt[0].clone();
    const torch::Tensor last = alphasBarSqrt[-1].clone();
    alphasBarSqrt -= last;
    alphasBarSqrt *= first / (first - last);
    const torch::Tensor alphasBar = alphasBarSqrt.pow(2);
    const torch::Tensor ratios = alphasBar.slice(0, 1) / alphasBar.slice(0, 0, -1);
    alphas = torch::cat({alphasBar.slice(0, 0, 1), ratios});
    return 1 - alphas;
}

} // namespace

DDIMSchedulerConfig DDIMSchedulerConfig::fromJson(const std::string& jsonText, const std::string& name)
{
    json j;
    try {
        j = json::parse(jsonText);
    } catch (const json::exception& e) {
        fail(ErrorCode::ModelInvalid, name + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object())
        fail(ErrorCode::ModelInvalid, name + ": expected a JSON object");
    DDIMSchedulerConfig c;
    readKey(j, "num_train_timesteps", c.numTrainTimesteps, name);
    readKey(j, "beta_start", c.betaStart, name);
    readKey(j, "beta_end", c.betaEnd, name);
    readKey(j, "beta_schedule", c.betaSchedule, name);
    readKey(j, "trained_betas", c.trainedBetas, name);
    readKey(j, "clip_sample", c.clipSample, name);
    readKey(j, "clip_sample_range", c.clipSampleRange, name);
    readKey(j, "set_alpha_to_one", c.setAlphaToOne, name);
    readKey(j, "steps_offset", c.stepsOffset, name);
    readKey(j, "prediction_type", c.predictionType, name);
    readKey(j, "thresholding", c.thresholding, name);
    readKey(j, "dynamic_thresholding_ratio", c.dynamicThresholdingRatio, name);
    readKey(j, "sample_max_value", c.sampleMaxValue, name);
    readKey(j, "timestep_spacing", c.timestepSpacing, name);
    readKey(j, "rescale_betas_zero_snr", c.rescaleBetasZeroSnr, name);
    checkBounds(c, name);
    return c;
}

DDIMSchedulerConfig DDIMSchedulerConfig::fromFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(ErrorCode::FileNotFound, path.string() + ": scheduler config not found or unreadable");
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

DDIMScheduler::DDIMScheduler(DDIMSchedulerConfig config) : m_config(std::move(config))
{
    const DDIMSchedulerConfig& c = m_config;
    const std::string where = "scheduler_config.json: ";
    if (c.numTrainTimesteps < 1)
        fail(ErrorCode::ModelInvalid, where + "num_train_timesteps must be positive");
    if (!c.trainedBetas.empty()) {
        m_betas = torch::tensor(c.trainedBetas, torch::kFloat64).to(torch::kFloat32);
        if (m_betas.numel() != c.numTrainTimesteps)
            fail(ErrorCode::ModelInvalid, where + "trained_betas must have num_train_timesteps entries");
    } else if (c.betaSchedule == "linear") {
        m_betas = torch::linspace(c.betaStart, c.betaEnd, c.numTrainTimesteps, torch::kFloat32);
    } else if (c.betaSchedule == "scaled_linear") {
        m_betas = torch::linspace(std::pow(c.betaStart, 0.5), std::pow(c.betaEnd, 0.5), c.numTrainTimesteps,
                                  torch::kFloat32)
                      .pow(2);
    } else if (c.betaSchedule == "squaredcos_cap_v2") {
        m_betas = betasForAlphaBar(c.numTrainTimesteps);
    } else {
        fail(ErrorCode::ModelInvalid, where + "beta_schedule \"" + c.betaSchedule +
                                          "\" is not supported (linear, scaled_linear, squaredcos_cap_v2)");
    }
    if (c.predictionType != "epsilon" && c.predictionType != "sample" && c.predictionType != "v_prediction")
        fail(ErrorCode::ModelInvalid, where + "prediction_type \"" + c.predictionType +
                                          "\" is not supported (epsilon, sample, v_prediction)");
    if (c.timestepSpacing != "leading" && c.timestepSpacing != "trailing" && c.timestepSpacing != "linspace")
        fail(ErrorCode::ModelInvalid, where + "timestep_spacing \"" + c.timestepSpacing +
                                          "\" is not supported (leading, trailing, linspace)");
    if (c.rescaleBetasZeroSnr)
        m_betas = rescaleZeroTerminalSnr(m_betas);
    m_alphasCumprod = torch::cumprod(1.0 - m_betas, 0);
    m_finalAlphaCumprod = c.setAlphaToOne ? torch::tensor(1.0f) : m_alphasCumprod[0].clone();
}

void DDIMScheduler::setTimesteps(int numInferenceSteps)
{
    const int total = m_config.numTrainTimesteps;
    if (numInferenceSteps < 1 || numInferenceSteps > total)
        fail(ErrorCode::InvalidArgument, "steps = " + std::to_string(numInferenceSteps) + " must be between 1 and " +
                                             std::to_string(total) + " (the scheduler's training timesteps)");
    m_numInferenceSteps = numInferenceSteps;
    m_timesteps.clear();
    if (m_config.timestepSpacing == "linspace") {
        // np.linspace(0, T - 1, n).round()[::-1]: i * step + start, last value exactly T - 1, round half even.
        const double step = numInferenceSteps > 1 ? static_cast<double>(total - 1) / (numInferenceSteps - 1) : 0.0;
        for (int i = numInferenceSteps - 1; i >= 0; --i) {
            const double v = (i == numInferenceSteps - 1 && numInferenceSteps > 1) ? total - 1 : i * step;
            m_timesteps.push_back(static_cast<std::int64_t>(std::nearbyint(v)));
        }
    } else if (m_config.timestepSpacing == "leading") {
        const int ratio = total / numInferenceSteps;
        for (int i = numInferenceSteps - 1; i >= 0; --i)
            m_timesteps.push_back(static_cast<std::int64_t>(i) * ratio + m_config.stepsOffset);
    } else { // trailing: np.round(np.arange(T, 0, -T / n)) - 1
        const double ratio = static_cast<double>(total) / numInferenceSteps;
        const auto count = static_cast<int>(std::ceil(total / ratio));
        for (int i = 0; i < count; ++i) {
            const double v = total + i * -ratio;
            m_timesteps.push_back(static_cast<std::int64_t>(std::nearbyint(v)) - 1);
        }
    }
}

torch::Tensor DDIMScheduler::alphaProdPrev(std::int64_t prevTimestep) const
{
    return prevTimestep >= 0 ? m_alphasCumprod[prevTimestep] : m_finalAlphaCumprod;
}

torch::Tensor DDIMScheduler::thresholdSample(const torch::Tensor& sample) const
{
    // Dynamic thresholding (Imagen): per batch item, s = quantile(|x|, ratio) clamped to [1, max].
    const auto dtype = sample.scalar_type();
    torch::Tensor x = sample;
    if (dtype != torch::kFloat32 && dtype != torch::kFloat64)
        x = x.to(torch::kFloat32);
    const auto shape = x.sizes().vec();
    x = x.reshape({shape[0], -1});
    torch::Tensor s = torch::quantile(x.abs(), m_config.dynamicThresholdingRatio, 1);
    s = torch::clamp(s, 1.0, m_config.sampleMaxValue).unsqueeze(1);
    x = torch::clamp(x, -s, s) / s;
    return x.reshape(shape).to(dtype);
}

DDIMStepOutput DDIMScheduler::step(const torch::Tensor& modelOutput, std::int64_t timestep,
                                   const torch::Tensor& sample, double eta,
                                   std::optional<at::Generator> generator) const
{
    if (m_numInferenceSteps == 0)
        fail(ErrorCode::InvalidArgument, "DDIM step before setTimesteps");
    if (timestep < 0 || timestep >= m_config.numTrainTimesteps)
        fail(ErrorCode::InvalidArgument, "DDIM timestep " + std::to_string(timestep) + " is out of range");
    // Scalars stay 0-d float32 tensors so the arithmetic rounds exactly like the reference.
    const std::int64_t prevTimestep = timestep - m_config.numTrainTimesteps / m_numInferenceSteps;
    const torch::Tensor alphaProdT = m_alphasCumprod[timestep];
    const torch::Tensor alphaProdTPrev = alphaProdPrev(prevTimestep);
    const torch::Tensor betaProdT = 1 - alphaProdT;

    torch::Tensor predOriginal;
    torch::Tensor predEpsilon;
    const std::string& type = m_config.predictionType;
    if (type == "epsilon") {
        predOriginal = (sample - betaProdT.pow(0.5) * modelOutput) / alphaProdT.pow(0.5);
        predEpsilon = modelOutput;
    } else if (type == "sample") {
        predOriginal = modelOutput;
        predEpsilon = (sample - alphaProdT.pow(0.5) * predOriginal) / betaProdT.pow(0.5);
    } else {
        predOriginal = alphaProdT.pow(0.5) * sample - betaProdT.pow(0.5) * modelOutput;
        predEpsilon = alphaProdT.pow(0.5) * modelOutput + betaProdT.pow(0.5) * sample;
    }

    if (m_config.thresholding)
        predOriginal = thresholdSample(predOriginal);
    else if (m_config.clipSample)
        predOriginal = predOriginal.clamp(-m_config.clipSampleRange, m_config.clipSampleRange);

    // sigma_t = eta * sqrt((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)), formula (16) of the DDIM paper.
    const torch::Tensor betaProdTPrev = 1 - alphaProdTPrev;
    const torch::Tensor variance = (betaProdTPrev / betaProdT) * (1 - alphaProdT / alphaProdTPrev);
    const torch::Tensor stdDevT = eta * variance.pow(0.5);

    const torch::Tensor direction = (1 - alphaProdTPrev - stdDevT.pow(2)).pow(0.5) * predEpsilon;
    torch::Tensor prev = alphaProdTPrev.pow(0.5) * predOriginal + direction;
    if (eta > 0) {
        const auto options = torch::TensorOptions().dtype(modelOutput.scalar_type()).device(torch::kCPU);
        const torch::Tensor noise =
            torch::randn(modelOutput.sizes(), generator ? *generator : at::Generator(), options)
                .to(modelOutput.device());
        prev = prev + stdDevT * noise;
    }
    return {prev, predOriginal};
}

torch::Tensor DDIMScheduler::addNoise(const torch::Tensor& original, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const
{
    const torch::Tensor a = m_alphasCumprod.to(original.device()).to(original.scalar_type())
                                .index({timesteps.to(original.device())});
    std::vector<std::int64_t> shape(static_cast<std::size_t>(original.dim()), 1);
    shape[0] = -1;
    return a.pow(0.5).view(shape) * original + (1 - a).pow(0.5).view(shape) * noise;
}

torch::Tensor DDIMScheduler::velocity(const torch::Tensor& sample, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const
{
    const torch::Tensor a = m_alphasCumprod.to(sample.device()).to(sample.scalar_type())
                                .index({timesteps.to(sample.device())});
    std::vector<std::int64_t> shape(static_cast<std::size_t>(sample.dim()), 1);
    shape[0] = -1;
    return a.pow(0.5).view(shape) * noise - (1 - a).pow(0.5).view(shape) * sample;
}

torch::Tensor ddimSample(const DDIMScheduler& scheduler, torch::Tensor sample, const DenoiseModel& model, double eta,
                         std::optional<at::Generator> generator, const DenoiseStepObserver& observer)
{
    const auto& timesteps = scheduler.timesteps();
    if (timesteps.empty())
        fail(ErrorCode::InvalidArgument, "DDIM loop before setTimesteps");
    for (std::size_t i = 0; i < timesteps.size(); ++i) {
        const std::int64_t t = timesteps[i];
        const torch::Tensor output = model(scheduler.scaleModelInput(sample, t), t);
        DDIMStepOutput out = scheduler.step(output, t, sample, eta, generator);
        sample = out.prevSample;
        if (observer)
            observer(static_cast<int>(i), t, out);
    }
    return sample;
}

} // namespace i2v
