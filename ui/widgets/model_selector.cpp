#include "ui/widgets/model_selector.h"

#include "core/engine/api/registry.h"
#include "ui/async.h"
#include "ui/param_texts.h"

#include <QDir>

#include <algorithm>
#include <QStandardItemModel>

namespace i2v {
namespace ui {
namespace {
constexpr auto kAddFolderKey = "action:add-folder";
}

ModelSelector::ModelSelector(QWidget* parent) : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(18);
    connect(this, &QComboBox::activated, this, &ModelSelector::onActivated);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (itemData(index).toString() != QLatin1String(kAddFolderKey)) {
            m_previousIndex = index;
            emit modelChanged();
        }
    });
}

QVector<ModelSelector::Found> ModelSelector::scan(const QStringList& userFolders)
{
    QVector<Found> found;
    QStringList seenFolders;
    for (const ModelFamily* family : modelFamilies()) {
        if (!family->needsWeights())
            continue;
        for (const ModelInfo& info : family->discover()) {
            const QString path = QString::fromStdString(info.path);
            seenFolders << QDir::cleanPath(path);
            found.push_back({path, family->id(), family->displayName(), QString::fromStdString(info.id),
                             QString::fromStdString(info.revision)});
        }
    }
    for (const QString& folder : userFolders) {
        const QString clean = QDir::cleanPath(folder);
        if (seenFolders.contains(clean))
            continue;
        const ModelFamily* family = familyForFolder(clean.toStdString());
        if (!family)
            continue; // moved or deleted since; dropped from the list
        seenFolders << clean;
        found.push_back({clean, family->id(), family->displayName(), QString(), QString()});
    }
    return found;
}

void ModelSelector::populate(const QStringList& userFolders)
{
    ++m_generation; // supersedes a scan still running
    m_discovering = false;
    rebuild(scan(userFolders));
}

void ModelSelector::populateBuiltIn() { rebuild({}); }

void ModelSelector::discoverInBackground(const QStringList& userFolders)
{
    m_discovering = true;
    const int generation = ++m_generation; // a later populate or scan wins over this one
    runAsync<QVector<Found>>(
        this, [userFolders] { return scan(userFolders); },
        [this, generation](Result<QVector<Found>> r) {
            if (generation != m_generation)
                return;
            m_discovering = false;
            if (r) {
                QVector<Found> found = r.value();
                for (const Found& f : m_found) // folders added while the scan ran
                    if (f.modelId.isEmpty() && std::none_of(found.begin(), found.end(),
                                                            [&](const Found& g) { return g.path == f.path; }))
                        found.push_back(f);
                rebuild(found);
            }
            if (!m_wantedKey.isEmpty())
                selectKey(m_wantedKey);
            m_wantedKey.clear();
            emit discoveryFinished();
        });
}

bool ModelSelector::selectKeyWhenFound(const QString& key)
{
    m_wantedKey.clear();
    if (selectKey(key))
        return true;
    m_wantedKey = key; // for the next discoverInBackground() to select
    return false;
}

void ModelSelector::rebuild(const QVector<Found>& found)
{
    m_found = found;
    const QString keep = currentKey();
    QSignalBlocker block(this);
    clear();
    m_userFolders.clear();
    for (const ModelFamily* family : modelFamilies()) {
        if (family->needsWeights())
            continue;
        addItem(ParamTexts::familyName(family->id(), family->displayName()),
                QStringLiteral("family:") + QString::fromStdString(family->id()));
        setItemData(count() - 1, QString::fromStdString(family->description()), Qt::ToolTipRole);
    }
    for (const Found& f : found) {
        const QString name = ParamTexts::familyName(f.familyId, f.familyDisplayName);
        QString label;
        if (f.modelId.isEmpty()) {
            m_userFolders << f.path;
            label = name + QStringLiteral(" — ") + QDir(f.path).dirName();
        } else {
            label = name + QStringLiteral(" — ") + f.modelId;
            if (!f.revision.isEmpty())
                label += QStringLiteral(" (%1)").arg(f.revision.left(7));
        }
        addItem(label, QStringLiteral("folder:") + f.path);
        setItemData(count() - 1, f.path, Qt::ToolTipRole);
    }
    insertSeparator(count());
    addItem(tr("Add model folder…"), QString::fromLatin1(kAddFolderKey));
    if (!selectKey(keep))
        setCurrentIndex(0);
    m_previousIndex = currentIndex();
}

QString ModelSelector::currentKey() const { return currentData().toString(); }

bool ModelSelector::selectKey(const QString& key)
{
    const int index = key.isEmpty() ? -1 : findData(key);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

const ModelFamily* ModelSelector::currentFamily() const
{
    const QString key = currentKey();
    if (key.startsWith(QLatin1String("family:")))
        return findModelFamily(key.mid(7).toStdString());
    if (key.startsWith(QLatin1String("folder:")))
        return familyForFolder(key.mid(7).toStdString());
    return nullptr;
}

QString ModelSelector::currentFolder() const
{
    const QString key = currentKey();
    return key.startsWith(QLatin1String("folder:")) ? key.mid(7) : QString();
}

bool ModelSelector::addFolder(const QString& folder)
{
    const QString clean = QDir::cleanPath(folder);
    if (!familyForFolder(clean.toStdString())) {
        emit folderRejected(clean);
        return false;
    }
    const QString key = QStringLiteral("folder:") + clean;
    if (findData(key) < 0) {
        // Added to what is listed already (no new scan of the model caches on the GUI thread).
        QVector<Found> found = m_found;
        if (const ModelFamily* family = familyForFolder(clean.toStdString()))
            found.push_back({clean, family->id(), family->displayName(), QString(), QString()});
        rebuild(found);
    }
    selectKey(key);
    return true;
}

void ModelSelector::onActivated(int index)
{
    if (itemData(index).toString() != QLatin1String(kAddFolderKey))
        return;
    setCurrentIndex(m_previousIndex); // the action item is never the selection
    emit addFolderRequested();
}

} // namespace ui
} // namespace i2v
