// Port of diffusers schedulers/scheduling_unipc_multistep.py (diffusers 0.42.1), flow-sigma configuration.
// See scheduling_unipc.h for what is covered.
#include "core/engine/schedulers/scheduling_unipc.h"

#include "core/base/error.h"
#include "core/engine/schedulers/json_keys.h"

#include <algorithm>
#include <cmath>

namespace i2v {

using schedjson::readKey;

UniPCSchedulerConfig UniPCSchedulerConfig::fromJson(const std::string& jsonText, const std::string& name)
{
    const nlohmann::json j = schedjson::parseObject(jsonText, name);
    UniPCSchedulerConfig c;
    readKey(j, "num_train_timesteps", c.numTrainTimesteps, name);
    readKey(j, "beta_start", c.betaStart, name);
    readKey(j, "beta_end", c.betaEnd, name);
    readKey(j, "beta_schedule", c.betaSchedule, name);
    readKey(j, "solver_order", c.solverOrder, name);
    readKey(j, "prediction_type", c.predictionType, name);
    readKey(j, "thresholding", c.thresholding, name);
    readKey(j, "dynamic_thresholding_ratio", c.dynamicThresholdingRatio, name);
    readKey(j, "sample_max_value", c.sampleMaxValue, name);
    readKey(j, "predict_x0", c.predictX0, name);
    readKey(j, "solver_type", c.solverType, name);
    readKey(j, "lower_order_final", c.lowerOrderFinal, name);
    readKey(j, "disable_corrector", c.disableCorrector, name);
    readKey(j, "use_karras_sigmas", c.useKarrasSigmas, name);
    readKey(j, "use_exponential_sigmas", c.useExponentialSigmas, name);
    readKey(j, "use_beta_sigmas", c.useBetaSigmas, name);
    readKey(j, "use_flow_sigmas", c.useFlowSigmas, name);
    readKey(j, "flow_shift", c.flowShift, name);
    readKey(j, "timestep_spacing", c.timestepSpacing, name);
    readKey(j, "steps_offset", c.stepsOffset, name);
    readKey(j, "final_sigmas_type", c.finalSigmasType, name);
    readKey(j, "rescale_betas_zero_snr", c.rescaleBetasZeroSnr, name);
    readKey(j, "use_dynamic_shifting", c.useDynamicShifting, name);
    schedjson::readOptional(j, "shift_terminal", c.shiftTerminal, name);
    if (const auto it = j.find("solver_p"); it != j.end() && !it->is_null())
        c.hasSolverP = true;
    return c;
}

UniPCSchedulerConfig UniPCSchedulerConfig::fromFile(const std::filesystem::path& path)
{
    return fromJson(schedjson::readTextFile(path.string()), path.string());
}

UniPCMultistepScheduler::UniPCMultistepScheduler(UniPCSchedulerConfig config, std::string name)
    : m_config(std::move(config)), m_name(std::move(name))
{
    const UniPCSchedulerConfig& c = m_config;
    const auto bad = [&](const std::string& what) {
        fail(ErrorCode::ModelInvalid, m_name + ": " + what + " (UniPCMultistepScheduler)");
    };
    if (c.numTrainTimesteps < 2 || c.numTrainTimesteps > 100000)
        bad("num_train_timesteps = " + std::to_string(c.numTrainTimesteps) + " is outside 2..100000");
    if (c.solverOrder < 1 || c.solverOrder > 4)
        bad("solver_order = " + std::to_string(c.solverOrder) + " is outside 1..4");
    if (c.solverType != "bh1" && c.solverType != "bh2") {
        if (c.solverType == "midpoint" || c.solverType == "heun" || c.solverType == "logrho")
            m_config.solverType = "bh2"; // what the reference does
        else
            bad("solver_type \"" + c.solverType + "\" is not supported (bh1, bh2)");
    }
    if (c.predictionType != "epsilon" && c.predictionType != "sample" && c.predictionType != "v_prediction" &&
        c.predictionType != "flow_prediction")
        bad("prediction_type \"" + c.predictionType + "\" is not supported");
    if (!c.predictX0 && c.predictionType == "flow_prediction")
        bad("prediction_type flow_prediction needs predict_x0 true");
    if (c.finalSigmasType != "zero" && c.finalSigmasType != "sigma_min")
        bad("final_sigmas_type \"" + c.finalSigmasType + "\" is not supported (zero, sigma_min)");
    if (!c.useFlowSigmas)
        bad("only the flow-matching configuration (use_flow_sigmas true, as in the Wan folders) is supported");
    if (c.useKarrasSigmas || c.useExponentialSigmas || c.useBetaSigmas)
        bad("use_karras_sigmas / use_exponential_sigmas / use_beta_sigmas are not supported with flow sigmas here");
    if (c.useDynamicShifting)
        bad("use_dynamic_shifting needs a per-call mu, which this pipeline does not supply");
    if (c.hasSolverP)
        bad("solver_p is not supported");
    if (!std::isfinite(c.flowShift) || c.flowShift <= 0.0 || c.flowShift > 1000.0)
        bad("flow_shift = " + std::to_string(c.flowShift) + " must be in (0, 1000]");
    if (c.shiftTerminal && !(std::isfinite(*c.shiftTerminal) && *c.shiftTerminal >= 0.0 && *c.shiftTerminal < 1.0))
        bad("shift_terminal must be in [0, 1)");
    if (c.thresholding && !(c.dynamicThresholdingRatio > 0 && c.dynamicThresholdingRatio <= 1 &&
                            std::isfinite(c.sampleMaxValue) && c.sampleMaxValue > 0))
        bad("thresholding needs 0 < dynamic_thresholding_ratio <= 1 and a positive sample_max_value");
    if (c.disableCorrector.size() > 100000)
        bad("disable_corrector is too long");
}

void UniPCMultistepScheduler::setTimesteps(int n, std::optional<double> flowShift)
{
    const int total = m_config.numTrainTimesteps;
    if (n < 1 || n > total)
        fail(ErrorCode::InvalidArgument, "steps = " + std::to_string(n) + " must be between 1 and " +
                                             std::to_string(total) + " (the scheduler's training timesteps)");
    const double shift = flowShift ? *flowShift : m_config.flowShift;
    if (!std::isfinite(shift) || shift <= 0.0 || shift > 1000.0)
        fail(ErrorCode::InvalidArgument, "flow shift = " + std::to_string(shift) + " must be in (0, 1000]");
    std::vector<double> sig = numpyLinspace(1.0, 1.0 / total, n + 1);
    sig.pop_back();
    for (double& s : sig)
        s = shift * s / (1.0 + (shift - 1.0) * s);
    if (m_config.shiftTerminal && *m_config.shiftTerminal > 0.0) {
        const double scale = (1.0 - sig.back()) / (1.0 - *m_config.shiftTerminal);
        for (double& s : sig)
            s = 1.0 - (1.0 - s) / scale;
    }
    if (std::fabs(sig[0] - 1.0) < 1e-6)
        sig[0] -= 1e-6;
    m_timesteps.clear();
    std::vector<float> sigmas;
    for (double s : sig) {
        m_timesteps.push_back(static_cast<std::int64_t>(s * total));
        sigmas.push_back(static_cast<float>(s));
    }
    sigmas.push_back(m_config.finalSigmasType == "sigma_min" ? static_cast<float>(sig.back()) : 0.0f);
    m_sigmas = torch::tensor(sigmas, torch::kFloat32);
    m_modelOutputs.assign(static_cast<std::size_t>(m_config.solverOrder), torch::Tensor());
    m_lastSample = torch::Tensor();
    m_lowerOrderNums = 0;
    m_thisOrder = 0;
    // The reference finds the first step's index by value and takes the second match when there are two.
    m_stepIndex = (m_timesteps.size() > 1 && m_timesteps[1] == m_timesteps[0]) ? 1 : 0;
}

std::vector<double> UniPCMultistepScheduler::timestepValues() const
{
    return {m_timesteps.begin(), m_timesteps.end()};
}

torch::Tensor UniPCMultistepScheduler::timestepTensor(std::size_t index) const
{
    if (index >= m_timesteps.size())
        fail(ErrorCode::InvalidArgument, "UniPC timestep index out of range");
    return torch::tensor(m_timesteps[index], torch::kInt64);
}

torch::Tensor UniPCMultistepScheduler::thresholdSample(const torch::Tensor& sample) const
{
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

namespace {
// _sigma_to_alpha_sigma_t with flow sigmas: alpha = 1 - sigma.
struct AlphaSigma {
    torch::Tensor alpha, sigma;
};
AlphaSigma alphaSigma(const torch::Tensor& sigma) { return {1 - sigma, sigma}; }
torch::Tensor lambdaOf(const AlphaSigma& a) { return torch::log(a.alpha) - torch::log(a.sigma); }

// sum_k rhos[k] * D1s[k] (the reference's einsum "k,bkc...->bc...").
torch::Tensor weightedSum(const torch::Tensor& rhos, const std::vector<torch::Tensor>& d1s, std::size_t count)
{
    torch::Tensor stacked = torch::stack(std::vector<torch::Tensor>(d1s.begin(), d1s.begin() + count), 1);
    std::vector<std::int64_t> shape(static_cast<std::size_t>(stacked.dim()), 1);
    shape[1] = static_cast<std::int64_t>(count);
    return (stacked * rhos.slice(0, 0, static_cast<std::int64_t>(count)).to(stacked.device()).view(shape)).sum(1);
}
} // namespace

torch::Tensor UniPCMultistepScheduler::convertModelOutput(const torch::Tensor& modelOutput,
                                                          const torch::Tensor& sample) const
{
    const torch::Tensor sigma = m_sigmas[m_stepIndex];
    const AlphaSigma as = alphaSigma(sigma);
    const std::string& type = m_config.predictionType;
    if (m_config.predictX0) {
        torch::Tensor x0;
        if (type == "epsilon")
            x0 = (sample - as.sigma * modelOutput) / as.alpha;
        else if (type == "sample")
            x0 = modelOutput;
        else if (type == "v_prediction")
            x0 = as.alpha * sample - as.sigma * modelOutput;
        else
            x0 = sample - sigma * modelOutput;
        if (m_config.thresholding)
            x0 = thresholdSample(x0);
        return x0;
    }
    if (type == "epsilon")
        return modelOutput;
    if (type == "sample")
        return (sample - as.alpha * modelOutput) / as.sigma;
    return as.alpha * modelOutput + as.sigma * sample; // v_prediction
}

namespace {
// The B(h) coefficients shared by predictor and corrector: R (order x order), b (order), h_phi_1, B_h.
struct BhCoefficients {
    torch::Tensor R, b, hPhi1, Bh;
};
BhCoefficients bhCoefficients(const torch::Tensor& h, const std::vector<torch::Tensor>& rksIn, int order,
                              bool predictX0, bool bh2)
{
    std::vector<torch::Tensor> rksList = rksIn;
    rksList.push_back(torch::ones({}, torch::kFloat32));
    const torch::Tensor rks = torch::stack(rksList);
    const torch::Tensor hh = predictX0 ? -h : h;
    const torch::Tensor hPhi1 = torch::expm1(hh);
    torch::Tensor hPhiK = hPhi1 / hh - 1;
    std::int64_t factorial = 1;
    const torch::Tensor Bh = bh2 ? torch::expm1(hh) : hh;
    std::vector<torch::Tensor> R, b;
    for (int i = 1; i <= order; ++i) {
        R.push_back(torch::pow(rks, i - 1));
        b.push_back(hPhiK * static_cast<double>(factorial) / Bh);
        factorial *= i + 1;
        hPhiK = hPhiK / hh - 1.0 / static_cast<double>(factorial);
    }
    return {torch::stack(R), torch::stack(b), hPhi1, Bh};
}
} // namespace

torch::Tensor UniPCMultistepScheduler::predictorUpdate(const torch::Tensor& x, int order) const
{
    const torch::Tensor& m0 = m_modelOutputs.back();
    const AlphaSigma t = alphaSigma(m_sigmas[m_stepIndex + 1]);
    const AlphaSigma s0 = alphaSigma(m_sigmas[m_stepIndex]);
    const torch::Tensor lambdaT = lambdaOf(t);
    const torch::Tensor lambdaS0 = lambdaOf(s0);
    const torch::Tensor h = lambdaT - lambdaS0;
    std::vector<torch::Tensor> rks, d1s;
    const auto count = static_cast<int>(m_modelOutputs.size());
    for (int i = 1; i < order; ++i) {
        const int si = m_stepIndex - i;
        const torch::Tensor& mi = m_modelOutputs[static_cast<std::size_t>(count - (i + 1))];
        const torch::Tensor lambdaSi = lambdaOf(alphaSigma(m_sigmas[si]));
        const torch::Tensor rk = (lambdaSi - lambdaS0) / h;
        rks.push_back(rk);
        d1s.push_back((mi - m0) / rk);
    }
    const BhCoefficients c = bhCoefficients(h, rks, order, m_config.predictX0, m_config.solverType == "bh2");
    torch::Tensor predRes;
    if (!d1s.empty()) {
        torch::Tensor rhosP;
        if (order == 2)
            rhosP = torch::ones({1}, torch::kFloat32) * 0.5;
        else
            rhosP = torch::linalg_solve(c.R.slice(0, 0, -1).slice(1, 0, -1), c.b.slice(0, 0, -1));
        predRes = weightedSum(rhosP, d1s, d1s.size());
    }
    torch::Tensor xt;
    if (m_config.predictX0) {
        xt = t.sigma / s0.sigma * x - t.alpha * c.hPhi1 * m0;
        xt = predRes.defined() ? xt - t.alpha * c.Bh * predRes : xt - t.alpha * c.Bh * 0;
    } else {
        xt = t.alpha / s0.alpha * x - t.sigma * c.hPhi1 * m0;
        xt = predRes.defined() ? xt - t.sigma * c.Bh * predRes : xt - t.sigma * c.Bh * 0;
    }
    return xt.to(x.scalar_type());
}

torch::Tensor UniPCMultistepScheduler::correctorUpdate(const torch::Tensor& modelT, const torch::Tensor& x,
                                                       const torch::Tensor& /*thisSample*/, int order) const
{
    const torch::Tensor& m0 = m_modelOutputs.back();
    const AlphaSigma t = alphaSigma(m_sigmas[m_stepIndex]);
    const AlphaSigma s0 = alphaSigma(m_sigmas[m_stepIndex - 1]);
    const torch::Tensor lambdaT = lambdaOf(t);
    const torch::Tensor lambdaS0 = lambdaOf(s0);
    const torch::Tensor h = lambdaT - lambdaS0;
    std::vector<torch::Tensor> rks, d1s;
    const auto count = static_cast<int>(m_modelOutputs.size());
    for (int i = 1; i < order; ++i) {
        const int si = m_stepIndex - (i + 1);
        const torch::Tensor& mi = m_modelOutputs[static_cast<std::size_t>(count - (i + 1))];
        const torch::Tensor lambdaSi = lambdaOf(alphaSigma(m_sigmas[si]));
        const torch::Tensor rk = (lambdaSi - lambdaS0) / h;
        rks.push_back(rk);
        d1s.push_back((mi - m0) / rk);
    }
    const BhCoefficients c = bhCoefficients(h, rks, order, m_config.predictX0, m_config.solverType == "bh2");
    const torch::Tensor rhosC =
        order == 1 ? torch::ones({1}, torch::kFloat32) * 0.5 : torch::linalg_solve(c.R, c.b);
    const torch::Tensor d1t = modelT - m0;
    const torch::Tensor last = rhosC[-1];
    torch::Tensor xt;
    if (m_config.predictX0) {
        xt = t.sigma / s0.sigma * x - t.alpha * c.hPhi1 * m0;
        torch::Tensor corr = d1s.empty() ? last * d1t : weightedSum(rhosC, d1s, d1s.size()) + last * d1t;
        xt = xt - t.alpha * c.Bh * corr;
    } else {
        xt = t.alpha / s0.alpha * x - t.sigma * c.hPhi1 * m0;
        torch::Tensor corr = d1s.empty() ? last * d1t : weightedSum(rhosC, d1s, d1s.size()) + last * d1t;
        xt = xt - t.sigma * c.Bh * corr;
    }
    return xt.to(x.scalar_type());
}

torch::Tensor UniPCMultistepScheduler::step(const torch::Tensor& modelOutput, const torch::Tensor& sampleIn)
{
    if (!m_sigmas.defined())
        fail(ErrorCode::InvalidArgument, "UniPC step before setTimesteps");
    const int n = static_cast<int>(m_timesteps.size());
    if (m_stepIndex >= n)
        fail(ErrorCode::InvalidArgument, "UniPC step past the last timestep");
    const int order = m_config.solverOrder;
    const bool disabled = std::find(m_config.disableCorrector.begin(), m_config.disableCorrector.end(),
                                    m_stepIndex - 1) != m_config.disableCorrector.end();
    const bool useCorrector = m_stepIndex > 0 && !disabled && m_lastSample.defined();
    const torch::Tensor converted = convertModelOutput(modelOutput, sampleIn);
    torch::Tensor sample = sampleIn;
    if (useCorrector)
        sample = correctorUpdate(converted, m_lastSample, sample, m_thisOrder);
    for (int i = 0; i < order - 1; ++i)
        m_modelOutputs[static_cast<std::size_t>(i)] = m_modelOutputs[static_cast<std::size_t>(i + 1)];
    m_modelOutputs.back() = converted;
    int thisOrder = m_config.lowerOrderFinal ? std::min(order, n - m_stepIndex) : order;
    m_thisOrder = std::min(thisOrder, m_lowerOrderNums + 1);
    m_lastSample = sample;
    torch::Tensor prev = predictorUpdate(sample, m_thisOrder);
    if (m_lowerOrderNums < order)
        ++m_lowerOrderNums;
    ++m_stepIndex;
    return prev;
}

} // namespace i2v
