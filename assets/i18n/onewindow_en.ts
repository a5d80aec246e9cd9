<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>OneWindow</name>
    <message>
      <source>一窗通 · 政务服务自助终端</source>
      <translation>OneWindow · Government Services Self-Service Kiosk</translation>
    </message>
    <message>
      <source>回首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>欢迎使用政务服务自助终端</source>
      <translation>Welcome to the government services self-service kiosk</translation>
    </message>
    <message>
      <source>一证通办：刷身份证即可办理，最多跑一次</source>
      <translation>One card for everything: swipe your ID card, and at most one visit</translation>
    </message>
    <message>
      <source>刷身份证 开始办事</source>
      <translation>Swipe your ID card to start</translation>
    </message>
    <message>
      <source>请将身份证放在读卡区</source>
      <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
      <source>证件放平，不要移动，读卡约需2秒。没有身份证请到人工窗口办理。</source>
      <translation>Lay the card flat and keep it still; reading takes about 2 seconds. Without an ID card, please go to a staffed window.</translation>
    </message>
    <message>
      <source>演示：放入样例身份证</source>
      <translation>Demo: insert a sample ID card</translation>
    </message>
    <message>
      <source>请选择要办理的事项</source>
      <translation>Please choose the service you need</translation>
    </message>
    <message>
      <source>办事指南</source>
      <translation>Service guide</translation>
    </message>
    <message>
      <source>下一步：填写申请表</source>
      <translation>Next: fill in the application form</translation>
    </message>
    <message>
      <source>请核对并填写申请表</source>
      <translation>Please check and complete the application form</translation>
    </message>
    <message>
      <source>下一步：扫描材料</source>
      <translation>Next: scan materials</translation>
    </message>
    <message>
      <source>请将材料平放在扫描区</source>
      <translation>Please lay the material flat in the scanning area</translation>
    </message>
    <message>
      <source>选择左侧的材料，放好后点“拍摄”。</source>
      <translation>Choose a material on the left, place it, then tap "Capture".</translation>
    </message>
    <message>
      <source>拍摄</source>
      <translation>Capture</translation>
    </message>
    <message>
      <source>下一步：确认提交</source>
      <translation>Next: confirm and submit</translation>
    </message>
    <message>
      <source>请确认办件信息</source>
      <translation>Please confirm your application</translation>
    </message>
    <message>
      <source>窗口取件</source>
      <translation>Pick up at the window</translation>
    </message>
    <message>
      <source>快递送达（免费）</source>
      <translation>Delivery by express (free)</translation>
    </message>
    <message>
      <source>快递地址（默认身份证地址，可请工作人员协助修改）</source>
      <translation>Delivery address (defaults to the ID card address; staff can help change it)</translation>
    </message>
    <message>
      <source>我承诺所填信息真实，缺少的证明材料适用告知承诺的，愿意以承诺代替</source>
      <translation>I promise the information is true; where a missing proof allows a written commitment, I commit instead</translation>
    </message>
    <message>
      <source>确认提交</source>
      <translation>Confirm and submit</translation>
    </message>
    <message>
      <source>提交成功</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>完成，返回首页</source>
      <translation>Done, back to the home screen</translation>
    </message>
    <message>
      <source>当场办结</source>
      <translation>Completed on the spot</translation>
    </message>
    <message>
      <source>已拍摄。可继续拍摄下一页，或选择下一份材料。</source>
      <translation>Captured. Capture the next page, or choose the next material.</translation>
    </message>
    <message>
      <source>正在打印回执……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>取件方式：</source>
      <translation>Collection method:</translation>
    </message>
    <message>
      <source>请先回答上面的问题</source>
      <translation>Please answer the questions above first</translation>
    </message>
    <message>
      <source>还没有画面，请稍候再拍，或联系工作人员。</source>
      <translation>No picture yet; please wait a moment and try again, or ask staff for help.</translation>
    </message>
    <message>
      <source>回执已打印，请取走。凭回执可查询办理进度。</source>
      <translation>Your receipt has been printed; please take it. Use it to track your application.</translation>
    </message>
    <message>
      <source>一窗通</source>
      <translation>OneWindow</translation>
    </message>
    <message>
      <source>读卡器暂不可用，请到人工窗口办理</source>
      <translation>The card reader is unavailable; please go to a staffed window</translation>
    </message>
    <message>
      <source>%d个工作日</source>
      <translation>%d working days</translation>
    </message>
    <message>
      <source>承诺时限</source>
      <translation>Promised time limit</translation>
    </message>
    <message>
      <source>收费</source>
      <translation>Fee</translation>
    </message>
    <message>
      <source>到现场次数</source>
      <translation>Visits needed</translation>
    </message>
    <message>
      <source>申请材料</source>
      <translation>Required materials</translation>
    </message>
    <message>
      <source>申请人</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>材料</source>
      <translation>Materials</translation>
    </message>
    <message>
      <source>请填写快递地址</source>
      <translation>Please enter the delivery address</translation>
    </message>
    <message>
      <source>受理编号</source>
      <translation>Receipt number</translation>
    </message>
    <message>
      <source>办理事项</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>承诺办结日期</source>
      <translation>Promised completion date</translation>
    </message>
    <message>
      <source>长时间无操作，%d 秒后将清除本次信息并返回首页。触摸屏幕继续办理。</source>
      <translation>No activity for a while: in %d seconds this session will be cleared and the kiosk returns home. Touch the screen to continue.</translation>
    </message>
    <message>
      <source>有材料需要补正，请按回执上的期限补交。</source>
      <translation>Some materials must still be supplied; please hand them in by the deadline on the receipt.</translation>
    </message>
    <message>
      <source>回执暂时无法打印，办件已保存。请记下受理编号，或到人工窗口补打。</source>
      <translation>The receipt cannot be printed right now; your application is saved. Please note the receipt number, or ask a window to reprint it.</translation>
    </message>
    <message>
      <source>您好，%s（%s）</source>
      <translation>Hello, %s (%s)</translation>
    </message>
    <message>
      <source>未提交</source>
      <translation>Not submitted</translation>
    </message>
    <message>
      <source>原件</source>
      <translation>original</translation>
    </message>
    <message>
      <source>复印件</source>
      <translation>copies</translation>
    </message>
    <message>
      <source>可容缺后补</source>
      <translation>may be supplied later</translation>
    </message>
    <message>
      <source>已扫描 %n 页</source>
      <translation>%n page(s) scanned</translation>
    </message>
    <message>
      <source>待上报</source>
      <translation>Waiting to upload</translation>
    </message>
    <message>
      <source>已上报</source>
      <translation>Uploaded</translation>
    </message>
    <message>
      <source>已受理</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>不予受理</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <source>待取件</source>
      <translation>Ready for pickup</translation>
    </message>
    <message>
      <source>已出件</source>
      <translation>Handed out</translation>
    </message>
    <message>
      <source>一窗通 · 综合窗口受理</source>
      <translation>OneWindow · Comprehensive Window Intake</translation>
    </message>
    <message>
      <source>新的受理</source>
      <translation>New intake</translation>
    </message>
    <message>
      <source>办件列表</source>
      <translation>Cases</translation>
    </message>
    <message>
      <source>工号，例如 C0012</source>
      <translation>Staff number, e.g. C0012</translation>
    </message>
    <message>
      <source>工号</source>
      <translation>Staff number</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>读取申请人身份证</source>
      <translation>Read the applicant's ID card</translation>
    </message>
    <message>
      <source>请申请人将身份证放在读卡器上</source>
      <translation>Applicant: please place your ID card on the reader</translation>
    </message>
    <message>
      <source>由代办人办理（需再读取代办人身份证）</source>
      <translation>Handled by an agent (the agent's ID card must be read too)</translation>
    </message>
    <message>
      <source>下一步：选择事项</source>
      <translation>Next: choose the service</translation>
    </message>
    <message>
      <source>选择办理事项</source>
      <translation>Choose the service</translation>
    </message>
    <message>
      <source>输入事项名称、编码或关键词搜索</source>
      <translation>Search by service name, code or keyword</translation>
    </message>
    <message>
      <source>请在左侧选择事项</source>
      <translation>Choose a service on the left</translation>
    </message>
    <message>
      <source>下一步：收取材料</source>
      <translation>Next: collect materials</translation>
    </message>
    <message>
      <source>核对申请表，逐项收取材料</source>
      <translation>Check the form and collect each material</translation>
    </message>
    <message>
      <source>该材料容缺后补</source>
      <translation>Supply this material later</translation>
    </message>
    <message>
      <source>选中材料后放到高拍仪下，点“拍摄”；每页拍一次。</source>
      <translation>Select a material, place it under the document camera and tap "Capture"; one capture per page.</translation>
    </message>
    <message>
      <source>提交受理并打印回执</source>
      <translation>Accept and print receipt</translation>
    </message>
    <message>
      <source>受理完成</source>
      <translation>Intake complete</translation>
    </message>
    <message>
      <source>补打回执</source>
      <translation>Reprint receipt</translation>
    </message>
    <message>
      <source>本窗口办件</source>
      <translation>Cases at this window</translation>
    </message>
    <message>
      <source>立即上报</source>
      <translation>Upload now</translation>
    </message>
    <message>
      <source>已拍摄。</source>
      <translation>Captured.</translation>
    </message>
    <message>
      <source>已标记为容缺后补，提交时生成补正期限。</source>
      <translation>Marked to be supplied later; the deadline is set on submission.</translation>
    </message>
    <message>
      <source>综合窗口工作人员登录</source>
      <translation>Comprehensive window staff sign-in</translation>
    </message>
    <message>
      <source>请填写工号和姓名</source>
      <translation>Please enter staff number and name</translation>
    </message>
    <message>
      <source>代办人</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>请先选择事项</source>
      <translation>Please choose a service first</translation>
    </message>
    <message>
      <source>请先回答情形问题</source>
      <translation>Please answer the situation questions first</translation>
    </message>
    <message>
      <source>还没有画面：请检查高拍仪。</source>
      <translation>No picture yet: please check the document camera.</translation>
    </message>
    <message>
      <source>该材料不允许容缺，必须当场提交。</source>
      <translation>This material cannot be supplied later; it must be handed in now.</translation>
    </message>
    <message>
      <source>申请表有未填或填错的项目，请核对。</source>
      <translation>Some form fields are missing or wrong; please check.</translation>
    </message>
    <message>
      <source>回执已打印，请交给申请人。</source>
      <translation>Receipt printed; please hand it to the applicant.</translation>
    </message>
    <message>
      <source>综合窗口</source>
      <translation>Comprehensive window</translation>
    </message>
    <message>
      <source>经办人</source>
      <translation>Clerk</translation>
    </message>
    <message>
      <source>请代办人将身份证放在读卡器上</source>
      <translation>Agent: please place your ID card on the reader</translation>
    </message>
    <message>
      <source>证件已读取，可以选择事项</source>
      <translation>Card read; you can choose the service</translation>
    </message>
    <message>
      <source>回执未打印：</source>
      <translation>Receipt not printed:</translation>
    </message>
    <message>
      <source>待补正材料</source>
      <translation>Materials to supply later</translation>
    </message>
    <message>
      <source>摄像头未启动</source>
      <translation>Camera not started</translation>
    </message>
    <message>
      <source>摄像头不可用，请联系工作人员</source>
      <translation>The camera is unavailable; please ask staff for help</translation>
    </message>
    <message>
      <source>告知承诺</source>
      <translation>Written commitment</translation>
    </message>
    <message>
      <source>待扫描</source>
      <translation>To scan</translation>
    </message>
    <message>
      <source>可不提交</source>
      <translation>Optional</translation>
    </message>
    <message>
      <source>发生意外错误，已记录日志。请重试，或联系工作人员。</source>
      <translation>Something unexpected went wrong and has been logged. Please try again or ask staff for help.</translation>
    </message>
    <message>
      <source>操作未能完成</source>
      <translation>The operation could not be completed</translation>
    </message>
    <message>
      <source>请选择</source>
      <translation>Please choose</translation>
    </message>
    <message>
      <source>已从身份证读取</source>
      <translation>Read from the ID card</translation>
    </message>
    <message>
      <source>请用下方数字键输入手机号码</source>
      <translation>Use the number keys below to enter your mobile number</translation>
    </message>
    <message>
      <source>清空</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>退格</source>
      <translation>Backspace</translation>
    </message>
    <message>
      <source>读卡器</source>
      <translation>Card reader</translation>
    </message>
    <message>
      <source>摄像头</source>
      <translation>Camera</translation>
    </message>
    <message>
      <source>打印机</source>
      <translation>Printer</translation>
    </message>
    <message>
      <source>正常</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>注意</source>
      <translation>Attention</translation>
    </message>
    <message>
      <source>不可用</source>
      <translation>Unavailable</translation>
    </message>
    <message>
      <source>后台：连接中</source>
      <translation>Back office: connecting</translation>
    </message>
    <message>
      <source>后台：设备未授权</source>
      <translation>Back office: device not authorised</translation>
    </message>
    <message>
      <source>本设备未获授权连接后台，请联系管理员。已提交的办件都已保存在本机。</source>
      <translation>This device is not authorised by the back office; please contact the administrator. Submitted applications are all saved on this device.</translation>
    </message>
    <message>
      <source>启动中</source>
      <translation>Starting</translation>
    </message>
    <message>
      <source>后台：已连接</source>
      <translation>Back office: connected</translation>
    </message>
    <message>
      <source>后台：离线</source>
      <translation>Back office: offline</translation>
    </message>
    <message>
      <source>，待上报 %n 件</source>
      <translation>, %n waiting to upload</translation>
    </message>
    <message>
      <source>，需处理 %n 件</source>
      <translation>, %n need attention</translation>
    </message>
    <message>
      <source>网络未连接：可以继续办理，办件已安全保存在本机，联网后自动上报。</source>
      <translation>No network: you can carry on; applications are saved safely on this device and upload automatically when the network returns.</translation>
    </message>
    <message>
      <source>（待上报 %n 件）</source>
      <translation> (%n waiting to upload)</translation>
    </message>
    <message>
      <source>办件已提交，不能再修改</source>
      <translation>The application has been submitted and can no longer be changed</translation>
    </message>
    <message>
      <source>如需补充材料，请办理补正</source>
      <translation>To add materials, submit a supplement</translation>
    </message>
    <message>
      <source>请刷新事项目录或咨询工作人员</source>
      <translation>Please refresh the service catalog or ask staff</translation>
    </message>
    <message>
      <source>请联系管理员更新目录</source>
      <translation>Please ask the administrator to update the catalog</translation>
    </message>
    <message>
      <source>检查路径</source>
      <translation>Check the path</translation>
    </message>
    <message>
      <source>检查引号和括号</source>
      <translation>Check quotes and brackets</translation>
    </message>
    <message>
      <source>身份证号码格式不正确，应为18位</source>
      <translation>The ID number format is wrong; it must have 18 characters</translation>
    </message>
    <message>
      <source>请核对号码，最后一位可以是数字或X</source>
      <translation>Please check the number; the last character may be a digit or X</translation>
    </message>
    <message>
      <source>身份证号码校验位不正确</source>
      <translation>The ID number's check digit is wrong</translation>
    </message>
    <message>
      <source>请核对号码是否输错</source>
      <translation>Please check the number for typing mistakes</translation>
    </message>
    <message>
      <source>身份证号码中的出生日期不合理</source>
      <translation>The birth date in the ID number is not plausible</translation>
    </message>
    <message>
      <source>请核对证件</source>
      <translation>Please check the card</translation>
    </message>
    <message>
      <source>证件出生日期与身份证号码不一致</source>
      <translation>The card's birth date does not match the ID number</translation>
    </message>
    <message>
      <source>请到人工窗口核验证件</source>
      <translation>Please have the card checked at a staffed window</translation>
    </message>
    <message>
      <source>证件性别与身份证号码不一致</source>
      <translation>The card's gender does not match the ID number</translation>
    </message>
    <message>
      <source>请先办理证件换领，或到人工窗口咨询</source>
      <translation>Please renew the card first, or ask at a staffed window</translation>
    </message>
    <message>
      <source>身份证号码中的出生日期无效</source>
      <translation>The birth date in the ID number is invalid</translation>
    </message>
    <message>
      <source>请核对证件，或到人工窗口办理</source>
      <translation>Please check the card, or go to a staffed window</translation>
    </message>
    <message>
      <source>请扫描该材料后再提交</source>
      <translation>Please scan this material before submitting</translation>
    </message>
    <message>
      <source>无法打开摄像头</source>
      <translation>Cannot open the camera</translation>
    </message>
    <message>
      <source>请检查高拍仪连接或配置的 source</source>
      <translation>Check the document camera connection or the configured source</translation>
    </message>
    <message>
      <source>找不到中文字体</source>
      <translation>No Chinese font found</translation>
    </message>
    <message>
      <source>请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）</source>
      <translation>Install fonts-noto-cjk (apt-get install fonts-noto-cjk)</translation>
    </message>
    <message>
      <source>请暂时使用 virtual，或联系管理员</source>
      <translation>Please use virtual for now, or contact the administrator</translation>
    </message>
    <message>
      <source>虚拟读卡器未连接</source>
      <translation>Virtual card reader not connected</translation>
    </message>
    <message>
      <source>模拟拔出状态</source>
      <translation>Simulated unplugged state</translation>
    </message>
    <message>
      <source>高拍仪不可用</source>
      <translation>Document camera unavailable</translation>
    </message>
    <message>
      <source>请检查高拍仪连接</source>
      <translation>Check the document camera connection</translation>
    </message>
    <message>
      <source>未配置打印机</source>
      <translation>No printer configured</translation>
    </message>
    <message>
      <source>请到人工窗口打印</source>
      <translation>Please print at a staffed window</translation>
    </message>
    <message>
      <source>高拍仪已断开</source>
      <translation>Document camera disconnected</translation>
    </message>
    <message>
      <source>打印机未启动</source>
      <translation>Printer not started</translation>
    </message>
    <message>
      <source>请改用 tcp:// 网络打印机或 file:// 设备文件</source>
      <translation>Use a tcp:// network printer or a file:// device file instead</translation>
    </message>
    <message>
      <source>打印机未连接或未就绪</source>
      <translation>Printer not connected or not ready</translation>
    </message>
    <message>
      <source>请检查打印机连接</source>
      <translation>Check the printer connection</translation>
    </message>
    <message>
      <source>例如 tcp://10.0.0.5:9100</source>
      <translation>for example tcp://10.0.0.5:9100</translation>
    </message>
    <message>
      <source>例如 https://backoffice.example:8443</source>
      <translation>for example https://backoffice.example:8443</translation>
    </message>
    <message>
      <source>写 PEM 格式 CA 证书的路径</source>
      <translation>Write the path of a PEM CA certificate</translation>
    </message>
    <message>
      <source>后台的答复不是有效的 JSON</source>
      <translation>The back office's answer is not valid JSON</translation>
    </message>
    <message>
      <source>稍后自动重试</source>
      <translation>Will retry automatically</translation>
    </message>
    <message>
      <source>无法验证后台服务器的证书</source>
      <translation>The back office server's certificate cannot be verified</translation>
    </message>
    <message>
      <source>请管理员检查 backoffice.url 与 backoffice.ca_file</source>
      <translation>Administrator: check backoffice.url and backoffice.ca_file</translation>
    </message>
    <message>
      <source>请求后台失败</source>
      <translation>Request to the back office failed</translation>
    </message>
    <message>
      <source>请管理员检查 backoffice.url</source>
      <translation>Administrator: check backoffice.url</translation>
    </message>
    <message>
      <source>加密数据格式不正确，可能已损坏</source>
      <translation>Encrypted data is malformed and may be damaged</translation>
    </message>
    <message>
      <source>设备密钥文件已损坏，无法读取已保存的办件</source>
      <translation>The device key file is damaged; saved applications cannot be read</translation>
    </message>
    <message>
      <source>请联系管理员从备份恢复 device.key</source>
      <translation>Please ask the administrator to restore device.key from a backup</translation>
    </message>
    <message>
      <source>加密数据校验失败，可能已损坏或密钥不符</source>
      <translation>Encrypted data failed its check; it may be damaged or the key does not match</translation>
    </message>
    <message>
      <source>材料文件编号无效</source>
      <translation>Invalid material file id</translation>
    </message>
    <message>
      <source>找不到材料文件</source>
      <translation>Material file not found</translation>
    </message>
    <message>
      <source>材料文件校验失败，可能已损坏</source>
      <translation>Material file failed its check and may be damaged</translation>
    </message>
    <message>
      <source>只有已提交的办件才能保存待上报</source>
      <translation>Only submitted applications can be queued for upload</translation>
    </message>
    <message>
      <source>办件缺少受理编号</source>
      <translation>The application has no receipt number</translation>
    </message>
    <message>
      <source>本机没有这个办件</source>
      <translation>This application is not on this device</translation>
    </message>
    <message>
      <source>本地存储已关闭</source>
      <translation>The local store is closed</translation>
    </message>
    <message>
      <source>请重启程序</source>
      <translation>Please restart the program</translation>
    </message>
    <message>
      <source>本地数据库来自更新版本的程序</source>
      <translation>The local database comes from a newer version of the program</translation>
    </message>
    <message>
      <source>请安装最新版本的一窗通</source>
      <translation>Please install the latest version of OneWindow</translation>
    </message>
    <message>
      <source>材料文件已丢失</source>
      <translation>A material file is missing</translation>
    </message>
    <message>
      <source>请重新扫描该材料</source>
      <translation>Please scan that material again</translation>
    </message>
    <message>
      <source>该办件已保存过，内容不同，不能覆盖</source>
      <translation>This application was saved before with different content and cannot be overwritten</translation>
    </message>
    <message>
      <source>办件引用的材料文件不在本机存储中</source>
      <translation>A material file of the application is not in this device's store</translation>
    </message>
    <message>
      <source>请重新扫描该材料后再提交</source>
      <translation>Please scan that material again before submitting</translation>
    </message>
    <message>
      <source>民生</source>
      <translation>Livelihood</translation>
    </message>
    <message>
      <source>公安</source>
      <translation>Public security</translation>
    </message>
    <message>
      <source>注册登记</source>
      <translation>Registration</translation>
    </message>
    <message>
      <source>许可经营</source>
      <translation>Business licensing</translation>
    </message>
    <message>
      <source>投资建设</source>
      <translation>Investment and construction</translation>
    </message>
    <message>
      <source>税务</source>
      <translation>Tax</translation>
    </message>
  </context>
</TS>
