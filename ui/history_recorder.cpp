#include "ui/history_recorder.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/recipe.h"
#include "core/service/history.h"
#include "core/service/job_queue.h"
#include "core/service/weight_hashes.h"
#include "ui/async.h"
#include "ui/image_convert.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace i2v {
namespace ui {
namespace {

struct Prepared {
    std::map<std::string, std::string> hashes;
    QString thumbnail;
};

const char* statusName(JobState s)
{
    switch (s) {
    case JobState::Done: return "done";
    case JobState::Cancelled: return "cancelled";
    default: return "failed";
    }
}

// Writes `frame` scaled to at most 192 px wide as a PNG under `dir`, atomically; "" when it cannot.
QString writeThumbnail(const Image& frame, const QString& dir, const QString& stem)
{
    const QImage image = toQImage(frame);
    if (image.isNull() || !QDir().mkpath(dir))
        return {};
    const QImage small = image.width() > 192 ? image.scaledToWidth(192, Qt::SmoothTransformation) : image;
    const QString path =
        QString::fromStdString(uniquePath((QDir(dir).filePath(stem + QStringLiteral(".png"))).toStdString()).string());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !small.save(&file, "PNG") || !file.commit())
        return {};
    return path;
}

} // namespace

HistoryRecorder::HistoryRecorder(HistoryStore* store, const QString& dataFolder, QObject* parent)
    : QObject(parent), m_store(store), m_dataFolder(dataFolder),
      m_hashes(std::make_shared<WeightHashCache>(QDir(dataFolder).filePath(QStringLiteral("weight_hashes.json")).toStdString())),
      m_stop(std::make_shared<std::atomic<bool>>(false))
{
}

HistoryRecorder::~HistoryRecorder() { m_stop->store(true); }

void HistoryRecorder::record(const GenerationRequest& request, std::shared_ptr<const JobOutcome> outcome,
                             const CostSettings& cost)
{
    HistoryEntry entry;
    entry.status = statusName(outcome->state);
    const bool done = outcome->state == JobState::Done;
    // What actually ran: after an out-of-memory retry that is the smaller setting, not what was asked.
    GenerationRequest recipe = outcome->retriedSmaller ? outcome->used : request;
    recipe.image = Image();
    entry.recipeJson = done && !outcome->recipeJson.empty() ? outcome->recipeJson
                                                            : recipeToJson(recipe, done ? &outcome->result : nullptr);
    entry.prompt = request.prompt;
    entry.family = done && !outcome->result.family.empty() ? outcome->result.family : request.family;
    entry.modelId = done ? outcome->result.modelId : std::string();
    entry.modelRevision = done ? outcome->result.modelRevision : std::string();
    if (done)
        entry.outputPath = outcome->used.output.path; // named when it ran (core/service/output_naming.h)
    entry.durationSeconds = outcome->durationMs / 1000.0;
    entry.peakMemoryBytes = outcome->peakMemoryBytes;
    entry.cost = clipCost(cost, entry.durationSeconds);
    entry.costCurrency = cost.mode == CostSettings::Mode::None ? std::string() : cost.currency;
    for (const std::string& line : outcome->log) // e.g. "out of memory at 768×768×24; retrying at ..."
        entry.log += (entry.log.empty() ? "" : "\n") + line;
    if (!done)
        entry.log += (entry.log.empty() ? "" : "\n") +
                     (outcome->state == JobState::Cancelled ? std::string("cancelled") : outcome->error.detail);

    Image frame;
    if (done && !outcome->result.frames.empty())
        frame = outcome->result.frames[outcome->result.frames.size() / 2];
    const QString thumbDir = QDir(m_dataFolder).filePath(QStringLiteral("thumbnails"));
    const QString stem = QFileInfo(QString::fromStdString(outcome->used.output.path)).completeBaseName();
    ++m_inFlight;
    runAsync<Prepared>(
        this,
        [hashes = m_hashes, stop = m_stop, modelDir = request.modelDir, frame = std::move(frame), thumbDir,
         stem = stem.isEmpty() ? QStringLiteral("clip") : stem] {
            Prepared p;
            if (frame.width > 0)
                p.thumbnail = writeThumbnail(frame, thumbDir, stem);
            p.hashes = hashes->hashModelFolder(modelDir, [stop] { return stop->load(); });
            return p;
        },
        [this, entry = std::move(entry)](Result<Prepared> r) mutable {
            --m_inFlight;
            if (r) {
                entry.weightHashes = r.value().hashes;
                entry.thumbnailPath = r.value().thumbnail.toStdString();
            } else {
                entry.log += (entry.log.empty() ? "" : "; ") + std::string("weights not hashed: ") + r.error().detail;
            }
            try {
                emit recorded(QString::fromStdString(m_store->add(std::move(entry))));
            } catch (const I2vError& e) {
                emit recordFailed(QString::fromUtf8(e.what()));
            }
        });
}

} // namespace ui
} // namespace i2v
