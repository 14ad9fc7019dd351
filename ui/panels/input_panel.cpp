#include "ui/panels/input_panel.h"

#include "core/service/clip_inputs.h"
#include "ui/async.h"
#include "ui/i18n.h"
#include "ui/image_convert.h"
#include "ui/style.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace i2v {
namespace ui {
namespace {

constexpr int kSmallSide = 256;     // below this on the short side the clip will look soft
constexpr double kMaxAspect = 2.4;  // wider/taller than this gets heavily cropped

QStringList localPathsFrom(const QMimeData* mime)
{
    QStringList paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty() && mime->hasText()) {
        // A URL or path dropped as text (some browsers and terminals do this).
        for (QString line : mime->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            line = line.trimmed();
            const QUrl url(line);
            if (url.isLocalFile())
                paths << url.toLocalFile();
            else if (line.startsWith(QLatin1Char('/')) && QFileInfo::exists(line))
                paths << line;
        }
    }
    return paths;
}

} // namespace

InputPanel::InputPanel(QWidget* parent)
    : QFrame(parent), m_thumbnail(new QLabel(this)), m_info(new QLabel(this)), m_warningLabel(new QLabel(this)),
      m_open(new QPushButton(this)), m_paste(new QPushButton(this))
{
    setObjectName(QStringLiteral("inputPanel"));
    setAcceptDrops(true);
    m_thumbnail->setObjectName(QStringLiteral("dropZone"));
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setMinimumSize(220, 170);
    m_thumbnail->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_thumbnail->setWordWrap(true);
    m_thumbnail->setText(tr("Drop an image here\nor use Open… / Paste"));
    m_info->setObjectName(QStringLiteral("imageInfo"));
    m_info->setWordWrap(true);
    m_warningLabel->setObjectName(QStringLiteral("imageWarnings"));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setVisible(false);
    m_open->setText(tr("Open…"));
    m_open->setIcon(themedIcon(QStringLiteral("open")));
    m_open->setToolTip(withShortcut(tr("Choose one or more images"), QKeySequence::Open));
    m_paste->setText(tr("Paste"));
    m_paste->setIcon(themedIcon(QStringLiteral("paste")));
    m_paste->setToolTip(withShortcut(tr("Use the image on the clipboard"), QKeySequence::Paste));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_paste);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    layout->addWidget(m_thumbnail, 1);
    layout->addWidget(m_info);
    layout->addWidget(m_warningLabel);
    layout->addLayout(buttons);

    connect(m_open, &QPushButton::clicked, this, &InputPanel::openDialog);
    connect(m_paste, &QPushButton::clicked, this, &InputPanel::pasteFromClipboard);
}

bool InputPanel::isImageFile(const QString& path)
{
    static const QStringList kExt = {"png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff"};
    return kExt.contains(QFileInfo(path).suffix().toLower());
}

bool InputPanel::isClipFile(const QString& path)
{
    static const QStringList kExt = {"mp4", "webm", "gif", "mkv", "mov", "json"};
    return kExt.contains(QFileInfo(path).suffix().toLower());
}

bool InputPanel::handleMimeData(const QMimeData* mime)
{
    if (!mime)
        return false;
    const QStringList paths = localPathsFrom(mime);
    if (!paths.isEmpty())
        return handleFiles(paths);
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            setImage(std::make_shared<const Image>(fromQImage(image)), QString(), 0);
            emit imageLoaded(QString());
            return true;
        }
    }
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            emit loadFailed({ErrorCode::FileNotFound, url.toString().toStdString() +
                                                          ": not a file on this computer; download it first"});
            return false;
        }
    }
    return false;
}

bool InputPanel::handleFiles(const QStringList& paths)
{
    QStringList images;
    for (const QString& path : paths) {
        if (isClipFile(path)) {
            emit recipeDropped(path);
            return true;
        }
        // Anything not recognised as a clip is tried as an image: core/media gives the precise reason.
        images << path;
    }
    if (images.isEmpty())
        return false;
    emit folderUsed(QFileInfo(images.first()).absolutePath());
    loadFile(images.first());
    if (images.size() > 1)
        emit batchDropped(images);
    return true;
}

void InputPanel::loadFile(const QString& path)
{
    const int generation = ++m_loadGeneration;
    m_info->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    runAsync<std::shared_ptr<const Image>>(
        this, [p = path.toStdString()] { return std::make_shared<const Image>(loadStill(p)); },
        [this, path, generation](Result<std::shared_ptr<const Image>> r) {
            if (generation != m_loadGeneration)
                return;
            if (!r) {
                updateView(0);
                emit loadFailed(r.error());
                return;
            }
            setImage(r.value(), path, QFileInfo(path).size());
            emit imageLoaded(path);
        });
}

void InputPanel::setImage(std::shared_ptr<const Image> image, const QString& path, qint64 fileBytes)
{
    m_image = std::move(image);
    m_path = path;
    updateView(fileBytes);
}

void InputPanel::updateView(qint64 fileBytes)
{
    m_warnings.clear();
    if (!m_image) {
        m_thumbnail->setPixmap({});
        m_thumbnail->setText(tr("Drop an image here\nor use Open… / Paste"));
        m_info->clear();
        m_warningLabel->setVisible(false);
        return;
    }
    const QImage q = toQImage(*m_image);
    const QSize box = m_thumbnail->size().boundedTo(QSize(480, 360)).expandedTo(QSize(200, 150));
    m_thumbnail->setPixmap(QPixmap::fromImage(q.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    QString info = m_path.isEmpty() ? tr("Pasted image") : QFileInfo(m_path).fileName();
    info += QStringLiteral("\n") + tr("%1 × %2 pixels").arg(m_image->width).arg(m_image->height);
    if (fileBytes > 0)
        info += QStringLiteral(" · ") + QLocale().formattedDataSize(fileBytes);
    m_info->setText(info);
    m_info->setToolTip(m_path);
    const int shortSide = std::min(m_image->width, m_image->height);
    if (shortSide < kSmallSide)
        m_warnings << tr("Small image (%1 × %2): the clip may look soft. 512 pixels or more on each side works best.")
                          .arg(m_image->width)
                          .arg(m_image->height);
    const double aspect = double(std::max(m_image->width, m_image->height)) / std::max(1, shortSide);
    if (aspect > kMaxAspect)
        m_warnings << tr("Unusual aspect ratio (%1:1): the edges will be cropped to fit the clip size.")
                          .arg(aspect, 0, 'f', 1);
    m_warningLabel->setText(QStringLiteral("⚠ ") + m_warnings.join(QStringLiteral("\n⚠ ")));
    m_warningLabel->setVisible(!m_warnings.isEmpty());
}

void InputPanel::openDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open image"), QString(),
        tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;Clips and recipes (*.mp4 *.webm *.gif *.json);;All files (*)"));
    if (!files.isEmpty())
        handleFiles(files);
}

void InputPanel::pasteFromClipboard()
{
    if (!handleMimeData(QApplication::clipboard()->mimeData()))
        emit loadFailed({ErrorCode::UnsupportedFormat, "the clipboard holds no image and no image file"});
}

void InputPanel::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage() || event->mimeData()->hasText()) {
        setHighlighted(true);
        event->acceptProposedAction();
    }
}

void InputPanel::dragLeaveEvent(QDragLeaveEvent* event)
{
    setHighlighted(false);
    QFrame::dragLeaveEvent(event);
}

void InputPanel::dropEvent(QDropEvent* event)
{
    setHighlighted(false);
    if (handleMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void InputPanel::setHighlighted(bool on)
{
    m_thumbnail->setProperty("dragOver", on);
    m_thumbnail->style()->unpolish(m_thumbnail);
    m_thumbnail->style()->polish(m_thumbnail);
}

} // namespace ui
} // namespace i2v
